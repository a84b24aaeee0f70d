using ConnectJobs.Data;

namespace ConnectJobs.Commands;

/// <summary>The kinds of table New-ConnectTable creates and Get-ConnectTable filters on.</summary>
/// <remarks>Declared here, not taken from the engine: PowerShell loads cmdlet types (and so the
/// value types of their fields) before the module initializer can point it at the engine's private
/// load context, so cmdlets may hold engine classes but never engine enums or structs.</remarks>
public enum TableType
{
    Supplemental = TargetKind.Supplemental,
    Extension = TargetKind.Extension,
    Suppression = TargetKind.Suppression,
}

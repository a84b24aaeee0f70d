using System.Management.Automation;
using ConnectJobs.Data;

namespace ConnectJobs.Commands;

/// <summary>New-ConnectList: creates a profile list with the system columns and custom columns.</summary>
[Cmdlet(VerbsCommon.New, "ConnectList", SupportsShouldProcess = true)]
[OutputType(typeof(ProfileList))]
public sealed class NewConnectListCommand : ConnectCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    /// <summary>Custom columns: 'NAME', 'NAME:Number', 'NAME:Text(50)' or @{ Name = ...; Type = ...; MaxLength = ... }.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    public ColumnDefinition[]? Column { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Description { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        // Check the names first so that -WhatIf reports bad input as the real run would.
        ColumnRules.NormalizeTargetName(Name);
        ColumnRules.NormalizeAll(Column);
        if (ShouldProcess(Name, CommandMessages.ActionCreateList))
        {
            var list = Await(Store.CreateListAsync(Name, Description, Column, CancellationToken));
            if (PassThru)
            {
                WriteObject(list);
            }
        }
    });
}

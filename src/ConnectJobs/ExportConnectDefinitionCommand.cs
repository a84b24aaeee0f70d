using System.Management.Automation;
using ConnectJobs.Definitions;

namespace ConnectJobs.Commands;

/// <summary>Export-ConnectDefinition: writes every definition in the store (connections, lists and
/// tables, filters, jobs, feeds, groups with their schedules and notifications) into a folder, one JSON
/// file per object in a folder per kind, never a secret. Exporting an unchanged store again changes no
/// byte; files of objects the store no longer holds are removed, so the folder diffs like the store.</summary>
[Cmdlet(VerbsData.Export, "ConnectDefinition", SupportsShouldProcess = true, DefaultParameterSetName = PathSet)]
[OutputType(typeof(FileInfo))]
public sealed class ExportConnectDefinitionCommand : DefinitionFolderCmdlet
{
    /// <summary>Writes a FileInfo per definition file.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var folder = Folder(existing: false);
        var definitions = Await(StoreDefinitions.ReadAsync(Store, CancellationToken));
        if (!ShouldProcess(folder, string.Format(System.Globalization.CultureInfo.CurrentCulture, CommandMessages.ActionExportDefinitions, definitions.Count)))
        {
            return;
        }

        var (written, removed) = DefinitionFolder.Write(folder, definitions);
        foreach (var file in written)
        {
            WriteVerbose(string.Format(System.Globalization.CultureInfo.CurrentCulture, CommandMessages.DefinitionWritten, file));
        }

        foreach (var file in removed)
        {
            WriteVerbose(string.Format(System.Globalization.CultureInfo.CurrentCulture, CommandMessages.DefinitionFileRemoved, file));
        }

        if (PassThru)
        {
            foreach (var definition in definitions)
            {
                WriteObject(new FileInfo(DefinitionFolder.PathOf(folder, definition)));
            }
        }
    });
}

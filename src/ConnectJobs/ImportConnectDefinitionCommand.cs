using System.Globalization;
using System.Management.Automation;
using ConnectJobs.Definitions;

namespace ConnectJobs.Commands;

/// <summary>Import-ConnectDefinition: applies a folder of definitions (Export-ConnectDefinition's) to the
/// store: creates what is missing, changes what differs and, with -Prune, removes what the folder no
/// longer holds. The whole folder is checked first and applied in one transaction; -WhatIf writes the
/// plan (a DefinitionChange per change, each changed field with its old and new value) and changes nothing.</summary>
[Cmdlet(VerbsData.Import, "ConnectDefinition", SupportsShouldProcess = true, DefaultParameterSetName = PathSet)]
[OutputType(typeof(DefinitionChange))]
public sealed class ImportConnectDefinitionCommand : DefinitionFolderCmdlet
{
    /// <summary>Also removes the connections, lists, tables (with their records), filters, jobs and
    /// groups that the folder does not hold.</summary>
    [Parameter]
    public SwitchParameter Prune { get; set; }

    private protected override bool OpensForWork => true;

    protected override void ProcessRecord() => Run(() =>
    {
        var folder = Folder(existing: true);
        var desired = DefinitionFolder.Read(folder);
        var plan = Await(StoreDefinitions.PlanAsync(Store, desired, Prune, CancellationToken));
        if (plan.Count == 0)
        {
            WriteVerbose(string.Format(CultureInfo.CurrentCulture, CommandMessages.DefinitionsUnchanged, folder));
            return;
        }

        // The plan's counts in the -WhatIf line and the -Confirm question, so both say what would happen.
        object[] counts = [folder, Store.Location, plan.Count(c => c.Action == DefinitionAction.Create), plan.Count(c => c.Action == DefinitionAction.Change), plan.Count(c => c.Action == DefinitionAction.Remove)];
        var apply = ShouldProcess(
            string.Format(CultureInfo.CurrentCulture, CommandMessages.ActionApplyDefinitions, counts),
            string.Format(CultureInfo.CurrentCulture, CommandMessages.ActionApplyDefinitionsQuestion, counts),
            CommandMessages.ActionApplyDefinitionsCaption,
            out var reason);
        if (!apply && reason != ShouldProcessReason.WhatIf)
        {
            return;
        }

        if (apply)
        {
            Await(StoreDefinitions.ApplyAsync(Store, plan, desired, CancellationToken));
            foreach (var note in plan.SelectMany(c => c.Notes))
            {
                WriteWarning(note);
            }
        }

        WriteObject(plan, enumerateCollection: true);
    });
}

using System.Management.Automation;
using ConnectJobs.Jobs;

namespace ConnectJobs.Commands;

/// <summary>Set-ConnectGroup: renames a group, gives it new members or a new order, a description, a
/// schedule, notifications, a follow-up, or turns it on or off.</summary>
[Cmdlet(VerbsCommon.Set, "ConnectGroup", SupportsShouldProcess = true)]
[OutputType(typeof(JobGroup))]
public sealed class SetConnectGroupCommand : GroupSettingsCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.GroupNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? NewName { get; set; }

    /// <summary>The members in their new order (the whole list: jobs left out leave the group).</summary>
    [Parameter]
    [ArgumentCompleter(typeof(Completion.JobNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? Job { get; set; }

    /// <summary>Whether the group runs on its schedule ($false: the tick leaves it; it still runs when invoked).</summary>
    [Parameter]
    public bool Enabled { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var group = Await(Store.FindGroupAsync(Name, CancellationToken)) ?? throw ConnectJobs.Store.StoreErrors.GroupNotFound(Name);
        if (!ShouldProcess(group.Name, CommandMessages.ActionUpdateGroup))
        {
            return;
        }

        var settings = Settings(group.Settings);
        var changed = Await(Store.UpdateGroupAsync(group, NewName, Job, Description, CancellationToken));
        Finish(changed, MyInvocation.BoundParameters.ContainsKey(nameof(Enabled)) ? Enabled : changed.Enabled, settings);
    });
}

using System.Management.Automation;
using ConnectJobs.Jobs;

namespace ConnectJobs.Commands;

/// <summary>Set-ConnectGroup: renames a group, gives it new members or a new order, a description or a schedule.</summary>
[Cmdlet(VerbsCommon.Set, "ConnectGroup", SupportsShouldProcess = true)]
[OutputType(typeof(JobGroup))]
public sealed class SetConnectGroupCommand : ConnectCmdlet
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

    [Parameter]
    public string? Description { get; set; }

    [Parameter]
    public Schedules.JobSchedule? Schedule { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var group = Await(Store.FindGroupAsync(Name, CancellationToken)) ?? throw ConnectJobs.Store.StoreErrors.GroupNotFound(Name);
        if (!ShouldProcess(group.Name, CommandMessages.ActionUpdateGroup))
        {
            return;
        }

        var changed = Await(Store.UpdateGroupAsync(group, NewName, Job, Description, CancellationToken));
        if (Schedule is not null)
        {
            changed = Await(Store.SetGroupScheduleAsync(changed, Schedule, CancellationToken));
        }

        if (PassThru)
        {
            WriteObject(changed);
        }
    });
}

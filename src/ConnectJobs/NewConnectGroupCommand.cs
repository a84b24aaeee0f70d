using System.Management.Automation;
using ConnectJobs.Jobs;

namespace ConnectJobs.Commands;

/// <summary>New-ConnectGroup: a group of import jobs that run one after another, in order.</summary>
[Cmdlet(VerbsCommon.New, "ConnectGroup", SupportsShouldProcess = true)]
[OutputType(typeof(JobGroup))]
public sealed class NewConnectGroupCommand : GroupSettingsCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    /// <summary>The member jobs, in the order they run: at least two enabled import jobs run on demand.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ArgumentCompleter(typeof(Completion.JobNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] Job { get; set; } = [];

    /// <summary>Creates the group inactive.</summary>
    [Parameter]
    public SwitchParameter Disabled { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        if (ShouldProcess(Name, CommandMessages.ActionCreateGroup))
        {
            var settings = Settings(new GroupSettings());
            var group = Await(Store.CreateGroupAsync(Name, Job, !Disabled, Description, CancellationToken));
            Finish(group, group.Enabled, settings);
        }
    });
}

using System.Globalization;
using System.Management.Automation;
using ConnectJobs.Data;
using ConnectJobs.Jobs;

namespace ConnectJobs.Commands;

/// <summary>What Remove-ConnectList and Remove-ConnectTable share: each selected list or table is
/// removed on its own (a failure is a non-terminating error and the rest go on), and one that a job
/// still reads or writes (itself or, for a list, one of its extension tables) is refused.</summary>
public abstract class RemoveTargetCmdlet : ConnectCmdlet
{
    public abstract string[] Name { get; set; }

    private protected abstract bool Lists { get; }

    private protected abstract string Action { get; }

    protected override void ProcessRecord()
    {
        var jobs = Await(Store.GetJobsAsync(CancellationToken));
        var targets = Await(Store.GetTargetsAsync(CancellationToken));
        foreach (var target in SelectTargets(Name, Lists))
        {
            Run(() =>
            {
                // A list goes with its extension tables (and its filters).
                var removed = targets.Where(t => t.Name == target.Name || (t is DataTable { List: { } list } && list == target.Name)).Select(t => t.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
                var users = jobs.Where(j => j.Settings switch
                {
                    ImportJobSettings import => removed.Contains(import.TargetTable ?? import.TargetList!),
                    ExportJobSettings { Feed: null } export => removed.Contains(export.Source),
                    _ => false,
                }).Select(j => j.Name).ToList();
                if (users.Count > 0)
                {
                    throw new ConnectException(ErrorIds.TargetInUse, ErrorKind.InvalidOperation, target.Name, string.Format(CultureInfo.CurrentCulture, CommandMessages.TargetInUse, target.Name, string.Join(", ", users)));
                }

                if (ShouldProcess(target.Name, Action))
                {
                    Await(Store.RemoveTargetAsync(target, CancellationToken));
                }
            });
        }
    }
}

using System.Globalization;
using ConnectJobs.Store;

namespace ConnectJobs.Jobs;

/// <summary>Runs a group's jobs one at a time, in order, and stops at the first run that fails: the
/// members after it are recorded as not run. Each member run is an ordinary run of its job (its own
/// lock, log, history and notification); the group run holds them, and is told about as the group's
/// notification says.</summary>
public sealed class GroupRunner(IConnectStore store)
{
    public async Task<GroupRun> RunAsync(JobGroup group, IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        var run = await store.StartGroupRunAsync(group, cancellationToken).ConfigureAwait(false);
        var runs = new List<JobRun>();
        var notRun = new List<string>();
        var status = RunStatus.Succeeded;
        using var renewing = new CancellationTokenSource();
        var renewal = RenewAsync(run, renewing.Token);
        try
        {
            foreach (var name in group.Jobs)
            {
                if (status != RunStatus.Succeeded)
                {
                    notRun.Add(name);
                    continue;
                }

                var job = await store.FindJobAsync(name, cancellationToken).ConfigureAwait(false) ?? throw StoreErrors.JobNotFound(name);
                var note = string.Format(CultureInfo.CurrentCulture, Messages.LogGroupMember, runs.Count + 1, group.Jobs.Count, group.Name, run.FullId);
                var member = await new JobRunner(store).RunAsync(job, preview: false, progress, cancellationToken, note: note).ConfigureAwait(false);
                runs.Add(member);
                status = member.Status switch
                {
                    RunStatus.Failed => RunStatus.Failed,
                    RunStatus.Stopped => RunStatus.Stopped,
                    _ => status,
                };
            }
        }
        catch (Exception e)
        {
            await renewing.CancelAsync().ConfigureAwait(false);
            await renewal.ConfigureAwait(false);

            // Stopped (Ctrl+C), a member that could not start, or anything unforeseen: the group run
            // ends here, recorded, so that the group is not left locked.
            var broken = run with { Status = e is OperationCanceledException ? RunStatus.Stopped : RunStatus.Failed, Runs = runs, NotRun = group.Jobs.Skip(runs.Count).ToArray() };
            await store.FinishGroupRunAsync(broken, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        await renewing.CancelAsync().ConfigureAwait(false);
        await renewal.ConfigureAwait(false);
        var ended = await store.FinishGroupRunAsync(run with { Status = status, Runs = runs.ToArray(), NotRun = notRun.ToArray() }, CancellationToken.None).ConfigureAwait(false);
        var problems = await new Notifications.Notifier(store).NotifyAsync(group, ended, CancellationToken.None).ConfigureAwait(false);
        return problems.Count == 0 ? ended : ended with { Warnings = problems };
    }

    /// <summary>Renews the group run's lease while its members run, so that another host does not take
    /// a live group run for a dead one (each member run renews its own lease too). A renewal that
    /// fails is tried again at the next one.</summary>
    private async Task RenewAsync(GroupRun run, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(SqlStore.LeaseRenewal, cancellationToken).ConfigureAwait(false);
                try
                {
                    await store.RenewGroupRunAsync(run, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The store busy or briefly unreachable: the lease has room for several tries.
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}

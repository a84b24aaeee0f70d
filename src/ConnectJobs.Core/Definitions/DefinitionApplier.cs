using ConnectJobs.Connections;
using ConnectJobs.Data;
using ConnectJobs.Jobs;
using ConnectJobs.Schedules;
using ConnectJobs.Store;

namespace ConnectJobs.Definitions;

/// <summary>One step of a plan, through the store's own operations (so its rules hold): a connection's
/// secret is never touched, a list only gains columns, a job's schedule is set only when it changed.
/// A job that is running goes on with the settings it started with; the change applies from its next run.</summary>
internal sealed class DefinitionApplier(IConnectStore store, CancellationToken cancellationToken)
{
    public Task ApplyAsync(DefinitionChange change, Definition? definition) => change.Action switch
    {
        DefinitionAction.Remove => RemoveAsync(change),
        _ => definition!.Form switch
        {
            Connection connection => ConnectionAsync(connection),
            ListForm list => ListAsync(list),
            TableForm table => TableAsync(table),
            FilterForm filter => FilterAsync(filter),
            JobForm<ImportJobSettings> import => JobAsync(import.Name, import.Enabled, import.Description, import.Settings, import.Schedule),
            JobForm<ExportJobSettings> export => JobAsync(export.Name, export.Enabled, export.Description, export.Settings, export.Schedule),
            GroupForm group => GroupAsync(group),
            _ => throw new InvalidOperationException(definition.Form.GetType().Name),
        },
    };

    private async Task ConnectionAsync(Connection connection)
    {
        if (await store.FindConnectionAsync(connection.Name, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            // A null secret keeps the store's: the files never hold one.
            await store.UpdateConnectionAsync(connection with { Id = existing.Id }, null, cancellationToken).ConfigureAwait(false);
            return;
        }

        await store.CreateConnectionAsync(connection, null, cancellationToken).ConfigureAwait(false);
    }

    private async Task ListAsync(ListForm list)
    {
        var columns = list.Columns.Select(ColumnDefinition.Parse).ToArray();
        if (await store.FindTargetAsync(list.Name, cancellationToken).ConfigureAwait(false) is not { } existing)
        {
            await store.CreateListAsync(list.Name, list.Description, columns, cancellationToken).ConfigureAwait(false);
            return;
        }

        await ChangeTargetAsync(existing, list.Description, columns).ConfigureAwait(false);
    }

    private async Task TableAsync(TableForm table)
    {
        var columns = table.Columns.Select(ColumnDefinition.Parse).ToArray();
        if (await store.FindTargetAsync(table.Name, cancellationToken).ConfigureAwait(false) is not { } existing)
        {
            await store.CreateTableAsync(new TableDefinition(table.Name, table.Kind, table.List, table.Description, columns, table.PrimaryKey), cancellationToken).ConfigureAwait(false);
            return;
        }

        await ChangeTargetAsync(existing, table.Description, columns).ConfigureAwait(false);
    }

    /// <summary>The plan checked that no column goes or changes type: what is left is new columns and the description.</summary>
    private async Task ChangeTargetAsync(DataTarget existing, string? description, IReadOnlyList<ColumnDefinition> columns)
    {
        var added = columns.Where(c => !existing.Columns.Any(e => e.Name.Equals(c.Name, StringComparison.OrdinalIgnoreCase))).ToArray();
        if (added.Length > 0)
        {
            existing = await store.AddColumnsAsync(existing, added, cancellationToken).ConfigureAwait(false);
        }

        if (!string.Equals(existing.Description ?? "", description ?? "", StringComparison.Ordinal))
        {
            await store.UpdateTargetAsync(existing, null, description ?? "", cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task FilterAsync(FilterForm filter)
    {
        var script = filter.Script ?? "";
        if (await store.FindFilterAsync(filter.Name, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            await store.UpdateFilterAsync(existing, null, filter.Description ?? "", script, filter.Expression, cancellationToken).ConfigureAwait(false);
            return;
        }

        var list = await store.FindTargetAsync(filter.List, cancellationToken).ConfigureAwait(false) as ProfileList
            ?? throw DataTargetErrors.NotFound(filter.List, isList: true);
        await store.CreateFilterAsync(filter.Name, list, filter.Description, script, filter.Expression, cancellationToken).ConfigureAwait(false);
    }

    private async Task JobAsync(string name, bool enabled, string? description, JobSettings settings, JobSchedule? schedule)
    {
        schedule ??= JobSchedule.OnDemand;
        settings = StorePaths.Local(settings, store.Location);
        if (await store.FindJobAsync(name, cancellationToken).ConfigureAwait(false) is not { } job)
        {
            job = await store.CreateJobAsync(name, enabled, description, settings, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            job = await store.UpdateJobAsync(job, null, enabled, description ?? "", settings, cancellationToken).ConfigureAwait(false);
        }

        if (!Same(job.Schedule, schedule))
        {
            await store.SetScheduleAsync(job, schedule, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task GroupAsync(GroupForm form)
    {
        var schedule = form.Schedule ?? JobSchedule.OnDemand;
        var settings = new GroupSettings { Notify = form.Notify, OnSuccessRun = form.OnSuccessRun };
        var group = await store.FindGroupAsync(form.Name, cancellationToken).ConfigureAwait(false) is { } existing
            ? await store.UpdateGroupAsync(existing, null, form.Jobs, form.Description ?? "", cancellationToken).ConfigureAwait(false)
            : await store.CreateGroupAsync(form.Name, form.Jobs, form.Enabled, form.Description, cancellationToken).ConfigureAwait(false);
        if (group.Enabled != form.Enabled || !Same(group.Settings, settings))
        {
            group = await store.SetGroupSettingsAsync(group, form.Enabled, settings, cancellationToken).ConfigureAwait(false);
        }

        if (!Same(group.Schedule, schedule))
        {
            await store.SetGroupScheduleAsync(group, schedule, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Equal as the files write them (records holding lists compare those by reference).</summary>
    private static bool Same<T>(T a, T b) =>
        System.Text.Json.JsonSerializer.Serialize(a, DefinitionForms.Json) == System.Text.Json.JsonSerializer.Serialize(b, DefinitionForms.Json);

    private async Task RemoveAsync(DefinitionChange change)
    {
        switch (change.Kind)
        {
            case DefinitionKind.Connection:
                await store.RemoveConnectionAsync((await store.FindConnectionAsync(change.Name, cancellationToken).ConfigureAwait(false))!, cancellationToken).ConfigureAwait(false);
                break;
            case DefinitionKind.List or DefinitionKind.Table:
                await store.RemoveTargetAsync((await store.FindTargetAsync(change.Name, cancellationToken).ConfigureAwait(false))!, cancellationToken).ConfigureAwait(false);
                break;
            case DefinitionKind.Filter:
                await store.RemoveFilterAsync((await store.FindFilterAsync(change.Name, cancellationToken).ConfigureAwait(false))!, cancellationToken).ConfigureAwait(false);
                break;
            case DefinitionKind.Job or DefinitionKind.Feed:
                await store.RemoveJobAsync((await store.FindJobAsync(change.Name, cancellationToken).ConfigureAwait(false))!, cancellationToken).ConfigureAwait(false);
                break;
            default:
                await store.RemoveGroupAsync((await store.FindGroupAsync(change.Name, cancellationToken).ConfigureAwait(false))!, cancellationToken).ConfigureAwait(false);
                break;
        }
    }
}

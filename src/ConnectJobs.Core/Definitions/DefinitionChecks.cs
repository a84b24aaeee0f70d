using System.Globalization;
using ConnectJobs.Jobs;
using ConnectJobs.Schedules;

namespace ConnectJobs.Definitions;

/// <summary>What a folder is checked for before anything is written: names that must exist, the rules
/// New-ConnectJob and New-ConnectSchedule keep, and changes the store cannot make in place.</summary>
internal static class DefinitionChecks
{
    public static void Check(Definition definition, DefinitionNames names)
    {
        switch (definition.Form)
        {
            case TableForm { List: { } list }:
                Need(definition, "List", DefinitionKind.List, list, names);
                break;
            case FilterForm filter:
                Need(definition, "List", DefinitionKind.List, filter.List, names);
                break;
            case JobForm<ImportJobSettings> import:
                CheckJob(definition, import.Settings, import.Schedule, names);
                Need(definition, "Settings.TargetList", DefinitionKind.List, import.Settings.TargetList, names);
                Need(definition, "Settings.TargetTable", DefinitionKind.Table, import.Settings.TargetTable, names);
                Rule(definition, "Settings.FilePattern", () => JobDefinitionRules.CheckFilePattern(import.Settings.FilePattern));
                break;
            case JobForm<ExportJobSettings> export:
                CheckJob(definition, export.Settings, export.Schedule, names);
                if (export.Settings.Feed is null)
                {
                    if (!names.Has(DefinitionKind.List, export.Settings.Source) && !names.Has(DefinitionKind.Table, export.Settings.Source))
                    {
                        throw Missing(definition, "Settings.Source", DefinitionKind.List, export.Settings.Source);
                    }

                    Need(definition, "Settings.Filter", DefinitionKind.Filter, export.Settings.Filter, names);
                    Rule(definition, "Settings.FileName", () => JobDefinitionRules.CheckFilePattern(export.Settings.FileName));
                }

                break;
            case GroupForm group:
                foreach (var job in group.Jobs.Where(j => !names.HasJob(j)))
                {
                    throw Missing(definition, "Jobs", DefinitionKind.Job, job);
                }

                CheckFollowUp(definition, group.Notify, group.OnSuccessRun, names);
                CheckSchedule(definition, group.Schedule);
                break;
        }
    }

    /// <summary>Refuses what the store cannot change in place (it would have to drop data to do it),
    /// with the reason: a column's type, a removed column, a table's kind, list or key, a filter's
    /// list, a job's kind.</summary>
    public static void CheckChangeable(Definition before, Definition after)
    {
        switch (before.Form, after.Form)
        {
            case (ListForm old, ListForm now):
                CheckColumns(after, old.Columns, now.Columns);
                break;
            case (TableForm old, TableForm now):
                if (old.Kind != now.Kind || !string.Equals(old.List, now.List, StringComparison.OrdinalIgnoreCase) || !old.PrimaryKey.SequenceEqual(now.PrimaryKey, StringComparer.OrdinalIgnoreCase))
                {
                    throw NotInPlace(after, old.Kind != now.Kind ? "Kind" : old.PrimaryKey.SequenceEqual(now.PrimaryKey, StringComparer.OrdinalIgnoreCase) ? "List" : "PrimaryKey", Messages.TableShapeNotChangeable);
                }

                CheckColumns(after, old.Columns, now.Columns);
                break;
            case (FilterForm old, FilterForm now) when !old.List.Equals(now.List, StringComparison.OrdinalIgnoreCase):
                throw NotInPlace(after, "List", Messages.FilterListNotChangeable);
            case (JobForm<ImportJobSettings>, JobForm<ExportJobSettings>):
            case (JobForm<ExportJobSettings>, JobForm<ImportJobSettings>):
                throw NotInPlace(after, "Kind", Messages.JobKindNotChangeable);
        }
    }

    /// <summary>Columns may be added; one that is gone or of another type would lose its values.</summary>
    private static void CheckColumns(Definition after, IReadOnlyList<string> old, IReadOnlyList<string> now)
    {
        foreach (var column in old.Where(c => !now.Contains(c, StringComparer.OrdinalIgnoreCase)))
        {
            var name = column.Split(':')[0];
            var replaced = now.FirstOrDefault(c => c.Split(':')[0].Equals(name, StringComparison.OrdinalIgnoreCase));
            throw new ConnectException(ErrorIds.DefinitionNotApplicable, ErrorKind.InvalidOperation, name,
                string.Format(CultureInfo.CurrentCulture, Messages.DefinitionLocation, after.File, after.LineOf("Columns")) + " " +
                (replaced is null
                    ? string.Format(CultureInfo.CurrentCulture, Messages.ColumnNotRemovable, name, after.Name)
                    : string.Format(CultureInfo.CurrentCulture, Messages.ColumnTypeNotChangeable, name, after.Name, column, replaced)));
        }
    }

    private static void CheckJob(Definition definition, JobSettings settings, JobSchedule? schedule, DefinitionNames names)
    {
        var connection = settings switch
        {
            ImportJobSettings import => import.Connection,
            ExportJobSettings export => export.Connection,
            _ => null,
        };
        Need(definition, "Settings.Connection", DefinitionKind.Connection, connection, names);
        if (connection is not null)
        {
            var folder = settings is ImportJobSettings i ? i.SourceDirectory : ((ExportJobSettings)settings).TargetDirectory;
            Rule(definition, settings is ImportJobSettings ? "Settings.SourceDirectory" : "Settings.TargetDirectory", () => JobDefinitionRules.CheckRemoteDirectory(folder));
        }

        CheckFollowUp(definition, settings.Notify, settings.OnSuccessRun, names, "Settings.");
        CheckSchedule(definition, schedule);
    }

    private static void CheckFollowUp(Definition definition, Notifications.RunNotification? notify, string? onSuccessRun, DefinitionNames names, string prefix = "")
    {
        Need(definition, prefix + "Notify.MailConnection", DefinitionKind.Connection, notify?.MailConnection, names);
        if (onSuccessRun is not null && !names.HasJob(onSuccessRun) && !names.Has(DefinitionKind.Group, onSuccessRun))
        {
            throw Missing(definition, prefix + "OnSuccessRun", DefinitionKind.Job, onSuccessRun);
        }
    }

    /// <summary>The rules of New-ConnectSchedule, but the time is kept as written (its minute was drawn
    /// when the schedule was first made), and a one-time schedule may have passed (it has run).</summary>
    private static void CheckSchedule(Definition definition, JobSchedule? schedule)
    {
        if (schedule is { Kind: not ScheduleKind.Once })
        {
            Rule(definition, "Schedule", () => ScheduleRules.Draw(schedule, DateTime.UtcNow, Random.Shared));
        }
    }

    private static void Need(Definition definition, string field, DefinitionKind kind, string? name, DefinitionNames names)
    {
        if (name is not null && !names.Has(kind, name))
        {
            throw Missing(definition, field, kind, name);
        }
    }

    private static ConnectException Missing(Definition definition, string field, DefinitionKind kind, string name) =>
        DefinitionFolder.Invalid(definition.File ?? definition.Name, definition.LineOf(field),
            string.Format(CultureInfo.CurrentCulture, Messages.DefinitionNameUnknown, field, kind.ToString().ToLowerInvariant(), name));

    private static void Rule(Definition definition, string field, Action check)
    {
        try
        {
            check();
        }
        catch (ConnectException e)
        {
            throw new ConnectException(e.ErrorId, e.Kind, e.Target,
                string.Format(CultureInfo.CurrentCulture, Messages.DefinitionLocation, definition.File ?? definition.Name, definition.LineOf(field)) + " " + e.Message, e);
        }
    }

    private static ConnectException NotInPlace(Definition definition, string field, string reason) =>
        new(ErrorIds.DefinitionNotApplicable, ErrorKind.InvalidOperation, definition.Name,
            string.Format(CultureInfo.CurrentCulture, Messages.DefinitionLocation, definition.File, definition.LineOf(field)) + " " +
            string.Format(CultureInfo.CurrentCulture, reason, definition.Name, field));
}

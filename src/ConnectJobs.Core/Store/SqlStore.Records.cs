using System.Data.Common;
using System.Globalization;
using ConnectJobs.Data;
using static ConnectJobs.Store.StoreDatabase;

namespace ConnectJobs.Store;

/// <summary>Records added one by one (Add-ConnectRecord), in one transaction, checked as an import checks its rows.</summary>
public abstract partial class SqlStore
{
    /// <summary>Which constraint a failed statement broke: a key (unique) or a list record (foreign key).</summary>
    private protected enum Violation
    {
        Unique,
        ForeignKey,
    }

    /// <summary>The constraint <paramref name="exception"/> reports as broken, or null for another error.</summary>
    private protected abstract Violation? BrokenConstraint(DbException exception);

    /// <summary>The records of a list or table in the order they were added; for a list, optionally
    /// only those a filter selects (read by each provider its fastest way).</summary>
    public abstract IAsyncEnumerable<DataRecord> ReadRecordsAsync(DataTarget target, Filters.FilterNode? filter, long skip, long? first, CancellationToken cancellationToken);

    private const int ProgressInterval = 1000;

    public Task<int> InsertRecordsAsync(DataTarget target, IReadOnlyCollection<IReadOnlyDictionary<string, object?>> records, IProgress<WorkProgress>? progress, CancellationToken cancellationToken) =>
        DataHalf.WriteAsync(
            async (c, t) =>
            {
                var writable = target.Columns.Where(col => !SystemColumns.IsGenerated(target.Kind, col.Name)).ToArray();
                var stamps = target.Columns.Where(col => col.Type == ColumnType.Timestamp && SystemColumns.IsGenerated(target.Kind, col.Name)).Select(col => col.Name).ToArray();
                var insertColumns = writable.Select(col => col.Name).Concat(stamps).ToArray();
                await using var insert = Command(c, t,
                    $"INSERT INTO {PhysicalName(target.Id)} ({string.Join(", ", insertColumns.Select(n => $"\"{n}\""))}) VALUES ({string.Join(", ", insertColumns.Select((_, i) => $"$p{i}"))});");
                var parameters = insertColumns.Select((_, i) => insert.CreateParameter()).ToArray();
                foreach (var (parameter, i) in parameters.Select((p, i) => (p, i)))
                {
                    parameter.ParameterName = ParameterName(c, $"p{i}");
                    insert.Parameters.Add(parameter);
                }

                var now = await NextStampAsync(c, t, cancellationToken).ConfigureAwait(false);
                var number = 0;
                var activity = string.Format(CultureInfo.CurrentCulture, Messages.ProgressInsertRecords, target.Name);
                foreach (var record in records)
                {
                    number++;
                    cancellationToken.ThrowIfCancellationRequested();
                    if (number % ProgressInterval == 0)
                    {
                        progress?.Report(new WorkProgress(activity, string.Format(CultureInfo.CurrentCulture, Messages.ProgressRecordsOf, number, records.Count), number, records.Count));
                    }

                    var values = RecordValues(target, writable, record, number);
                    for (var i = 0; i < writable.Length; i++)
                    {
                        parameters[i].Value = values[i] ?? DBNull.Value;
                    }

                    for (var i = writable.Length; i < insertColumns.Length; i++)
                    {
                        parameters[i].Value = now;
                    }

                    try
                    {
                        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (DbException e) when (BrokenConstraint(e) is { } violation)
                    {
                        throw ConstraintFailure(target, writable, values, number, violation, e);
                    }
                }

                return number;
            },
            cancellationToken);

    /// <summary>Checks one record against the target's columns and converts its values for storage,
    /// in the order of <paramref name="writable"/>.</summary>
    private static object?[] RecordValues(DataTarget target, ColumnDefinition[] writable, IReadOnlyDictionary<string, object?> record, int number)
    {
        var values = new object?[writable.Length];
        foreach (var (field, value) in record)
        {
            var index = Array.FindIndex(writable, col => col.Name.Equals(field, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                if (target.Columns.Any(col => col.Name.Equals(field, StringComparison.OrdinalIgnoreCase)))
                {
                    throw ConnectException.Create(ErrorIds.SystemFieldNotWritable, ErrorKind.InvalidArgument, field, Messages.SystemFieldNotWritable, number, field.ToUpperInvariant());
                }

                throw ConnectException.Create(ErrorIds.UnknownRecordField, ErrorKind.InvalidArgument, field, Messages.UnknownRecordField, number, DataTargetErrors.KindText(target.Kind), target.Name, field);
            }

            var column = writable[index];
            if (FieldRules.Check(column, value, FieldRules.RecordLocation(number), out var stored) is { } problem)
            {
                throw new ConnectException(problem.Rule, ErrorKind.InvalidData, problem.Value, problem.Message);
            }

            values[index] = stored;
        }

        for (var i = 0; i < writable.Length; i++)
        {
            if (values[i] is null && writable[i].KeyOrdinal is not null)
            {
                throw ConnectException.Create(ErrorIds.MissingKeyField, ErrorKind.InvalidData, writable[i].Name, Messages.MissingKeyField, FieldRules.RecordLocation(number), writable[i].Name);
            }
        }

        if (target.Kind == TargetKind.Suppression)
        {
            var address = values[Array.FindIndex(writable, col => col.Name == SystemColumns.EmailAddress)];
            var domain = values[Array.FindIndex(writable, col => col.Name == SystemColumns.EmailDomain)];
            if ((address is null) == (domain is null))
            {
                throw ConnectException.Create(ErrorIds.SuppressionNeedsOneValue, ErrorKind.InvalidData, number, Messages.SuppressionNeedsOneValue, number);
            }

            // Entries are compared without regard to case (imports too): they are kept in lower case.
            foreach (var column in new[] { SystemColumns.EmailAddress, SystemColumns.EmailDomain })
            {
                var index = Array.FindIndex(writable, col => col.Name == column);
                values[index] = (values[index] as string)?.ToLowerInvariant();
            }
        }

        return values;
    }

    private static ConnectException ConstraintFailure(DataTarget target, ColumnDefinition[] writable, object?[] values, int number, Violation violation, DbException e)
    {
        if (violation == Violation.ForeignKey && target is DataTable { Kind: TargetKind.Extension } extension)
        {
            var riid = values[Array.FindIndex(writable, col => col.Name == SystemColumns.Riid)];
            return ConnectException.Create(ErrorIds.UnknownRiid, ErrorKind.InvalidData, riid, Messages.UnknownRiid, number, extension.List, riid);
        }

        var key = writable.Select((col, i) => (col, i))
            .Where(x => x.col.KeyOrdinal is not null || (target.Kind == TargetKind.Suppression && values[x.i] is not null && x.col.Name is SystemColumns.EmailAddress or SystemColumns.EmailDomain))
            .Select(x => $"{x.col.Name}={Convert.ToString(values[x.i], CultureInfo.InvariantCulture)}");
        var keyText = string.Join(", ", key);
        return new ConnectException(ErrorIds.DuplicateKey, ErrorKind.AlreadyExists, keyText,
            string.Format(CultureInfo.CurrentCulture, Messages.DuplicateKey, number, keyText, target.Name), e);
    }
}

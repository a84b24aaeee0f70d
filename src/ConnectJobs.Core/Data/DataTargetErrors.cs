namespace ConnectJobs.Data;

/// <summary>Errors about lists and tables that the cmdlets raise too, so the message and id stay one.</summary>
public static class DataTargetErrors
{
    public static ConnectException NotFound(string name, bool isList) => isList
        ? ConnectException.Create(ErrorIds.ListNotFound, ErrorKind.NotFound, name, Messages.ListNotFound, name)
        : ConnectException.Create(ErrorIds.TableNotFound, ErrorKind.NotFound, name, Messages.TableNotFound, name);

    /// <summary>What messages call a kind of target.</summary>
    internal static string KindText(TargetKind kind) => kind switch
    {
        TargetKind.List => "profile list",
        TargetKind.Extension => "extension table",
        TargetKind.Supplemental => "supplemental table",
        _ => "suppression list",
    };

    /// <summary>No list or table of that name (for commands that take either).</summary>
    public static ConnectException AnyNotFound(string name) => ConnectException.Create(ErrorIds.TargetNotFound, ErrorKind.NotFound, name, Messages.TargetNotFound, name);

    /// <summary>The columns an export of <paramref name="target"/> can write: its own, and for an
    /// extension table the list's key columns.</summary>
    public static IReadOnlyList<string> ExportableColumns(DataTarget target) =>
        target.Kind == TargetKind.Extension
            ? [SystemColumns.Riid, SystemColumns.EmailAddress, SystemColumns.CustomerId, .. target.Columns.Select(c => c.Name).Where(n => n != SystemColumns.Riid)]
            : target.Columns.Select(c => c.Name).ToList();

    public static ConnectException ExportColumnNotFound(string column, DataTarget target) =>
        ConnectException.Create(ErrorIds.ExportColumnNotFound, ErrorKind.InvalidArgument, column, Messages.ExportColumnNotFound, column, target.Name, string.Join(", ", ExportableColumns(target)));
}

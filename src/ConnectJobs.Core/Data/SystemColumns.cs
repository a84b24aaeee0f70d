namespace ConnectJobs.Data;

/// <summary>The columns ConnectJobs defines for each kind of list and table, Responsys' names.</summary>
public static class SystemColumns
{
    public const string Riid = "RIID_";
    public const string EmailAddress = "EMAIL_ADDRESS_";
    public const string CustomerId = "CUSTOMER_ID_";
    public const string MobileNumber = "MOBILE_NUMBER_";
    public const string EmailDomain = "EMAIL_DOMAIN_";
    public const string EmailPermissionStatus = "EMAIL_PERMISSION_STATUS_";
    public const string MobilePermissionStatus = "MOBILE_PERMISSION_STATUS_";
    public const string EmailFormat = "EMAIL_FORMAT_";
    public const string CreatedDate = "CREATED_DATE_";
    public const string ModifiedDate = "MODIFIED_DATE_";

    private static readonly ColumnDefinition[] ListColumns =
    [
        Key(Riid),
        Text(EmailAddress, 500),
        Text(CustomerId, 255),
        Text(MobileNumber, 50),
        Text("POSTAL_STREET_1_", 255),
        Text("CITY_", 50),
        Text("STATE_", 50),
        Text("POSTAL_CODE_", 25),
        Text("COUNTRY_", 50),
        Text(EmailPermissionStatus, 1),
        Text(MobilePermissionStatus, 1),
        Text(EmailFormat, 1),
        Stamp(CreatedDate),
        Stamp(ModifiedDate),
    ];

    private static readonly ColumnDefinition[] ExtensionColumns = [Key(Riid), Stamp(CreatedDate), Stamp(ModifiedDate)];

    private static readonly ColumnDefinition[] SupplementalColumns = [Stamp(CreatedDate), Stamp(ModifiedDate)];

    private static readonly ColumnDefinition[] SuppressionColumns =
        [Text(EmailAddress, 500), Text(EmailDomain, 255), Text("REASON_", 255), Stamp(CreatedDate)];

    /// <summary>Values a column may take, for the system columns that hold codes.</summary>
    internal static readonly IReadOnlyDictionary<string, string[]> Codes = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
    {
        [EmailPermissionStatus] = ["I", "O"],
        [MobilePermissionStatus] = ["I", "O"],
        [EmailFormat] = ["H", "T"],
    };

    public static IReadOnlyList<ColumnDefinition> For(TargetKind kind) => kind switch
    {
        TargetKind.List => ListColumns,
        TargetKind.Extension => ExtensionColumns,
        TargetKind.Supplemental => SupplementalColumns,
        TargetKind.Suppression => SuppressionColumns,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>True for the columns ConnectJobs fills in itself: the generated RIID_ of a list and
    /// the created/modified stamps.</summary>
    internal static bool IsGenerated(TargetKind kind, string column) =>
        column.Equals(CreatedDate, StringComparison.OrdinalIgnoreCase)
        || column.Equals(ModifiedDate, StringComparison.OrdinalIgnoreCase)
        || (kind == TargetKind.List && column.Equals(Riid, StringComparison.OrdinalIgnoreCase));

    private static ColumnDefinition Key(string name) => new(name, ColumnType.Number) { IsSystem = true, KeyOrdinal = 1 };

    private static ColumnDefinition Text(string name, int length) => new(name, ColumnType.Text, length) { IsSystem = true };

    private static ColumnDefinition Stamp(string name) => new(name, ColumnType.Timestamp) { IsSystem = true };
}

namespace ConnectJobs.Data;

/// <summary>The field types of Responsys-style lists and tables.</summary>
public enum ColumnType
{
    /// <summary>Text of up to <see cref="ColumnDefinition.MaxLength"/> characters (1–4000).</summary>
    Text,

    /// <summary>A whole number (64-bit).</summary>
    Number,

    /// <summary>A number with a fraction.</summary>
    Decimal,

    /// <summary>A point in time, kept in UTC.</summary>
    Timestamp,
}

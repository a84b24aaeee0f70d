namespace ConnectJobs.Import;

/// <summary>How an import reads and completes values beyond the column rules: Responsys' per-job
/// choices for permission status, email format values, dates and mobile numbers, and which rows
/// must have an address.</summary>
public sealed record ImportRules
{
    /// <summary>'I' or 'O': EMAIL_PERMISSION_STATUS_ of new list records whose row gives none.</summary>
    public string? DefaultPermissionStatus { get; init; }

    /// <summary>File values of EMAIL_FORMAT_ and the code each stands for (H or T), e.g. html → H;
    /// compared without regard to case. H and T are always understood.</summary>
    public IReadOnlyDictionary<string, string>? EmailFormatValues { get; init; }

    /// <summary>The .NET format timestamps are written in (e.g. 'dd-MM-yyyy HH:mm'), read as UTC;
    /// null takes ISO 8601 and the invariant culture's forms.</summary>
    public string? DateFormat { get; init; }

    /// <summary>The country calling code (31 for the Netherlands) of mobile numbers written without
    /// one. When set, MOBILE_NUMBER_ is checked and stored in E.164 form (+31612345678).</summary>
    public int? MobileCountryCode { get; init; }

    /// <summary>Reject rows without an email address (the email channel).</summary>
    public bool RequireEmail { get; init; }

    /// <summary>Reject rows without a mobile number (the SMS channel).</summary>
    public bool RequireMobile { get; init; }

    /// <summary>Map a file column to a like-named column when no column has its exact name: each
    /// word of the file column begins the word of the column in the same place (CUST_ID → CUSTOMER_ID_).</summary>
    public bool MatchLikeNamedColumns { get; init; }
}

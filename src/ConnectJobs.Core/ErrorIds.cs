namespace ConnectJobs;

/// <summary>Every error id ConnectJobs reports, in one place: in a ConnectException (and so in an
/// ErrorRecord's FullyQualifiedErrorId), a run's ErrorId, a file's outcome, or a reject file's RULE
/// column. Scripts and tests compare with them; about_ConnectJobs_Errors describes each one (a test
/// checks that both hold the same ids).</summary>
public static class ErrorIds
{
    public const string AuthenticationFailed = nameof(AuthenticationFailed);

    public const string ColumnExists = nameof(ColumnExists);

    public const string ColumnMappedTwice = nameof(ColumnMappedTwice);

    public const string ColumnNotFound = nameof(ColumnNotFound);

    public const string ColumnsNotAllowed = nameof(ColumnsNotAllowed);

    public const string ConflictingParameters = nameof(ConflictingParameters);

    public const string ConnectionExists = nameof(ConnectionExists);

    public const string ConnectionFailed = nameof(ConnectionFailed);

    public const string ConnectionInUse = nameof(ConnectionInUse);

    public const string ConnectionNotForFiles = nameof(ConnectionNotForFiles);

    public const string ConnectionNotFound = nameof(ConnectionNotFound);

    public const string CopyNeedsInactiveJob = nameof(CopyNeedsInactiveJob);

    public const string CountFileInvalid = nameof(CountFileInvalid);

    public const string CountFileMissing = nameof(CountFileMissing);

    public const string CountMismatch = nameof(CountMismatch);

    public const string DayOfMonthNotAllowed = nameof(DayOfMonthNotAllowed);

    public const string DecryptionKeyPassphrase = nameof(DecryptionKeyPassphrase);

    public const string DefinitionFolderNotFound = nameof(DefinitionFolderNotFound);

    public const string DefinitionNotApplicable = nameof(DefinitionNotApplicable);

    public const string DiskFull = nameof(DiskFull);

    public const string DuplicateColumn = nameof(DuplicateColumn);

    public const string DuplicateHeader = nameof(DuplicateHeader);

    public const string DuplicateKey = nameof(DuplicateKey);

    public const string EmptyFile = nameof(EmptyFile);

    public const string EmptyHeaderName = nameof(EmptyHeaderName);

    public const string EncodingMismatch = nameof(EncodingMismatch);

    public const string ExportColumnNotFound = nameof(ExportColumnNotFound);

    public const string ExtensionTableNeedsList = nameof(ExtensionTableNeedsList);

    public const string FeedNotCopied = nameof(FeedNotCopied);

    public const string FeedTypeTaken = nameof(FeedTypeTaken);

    public const string FieldCount = nameof(FieldCount);

    public const string FieldTooLong = nameof(FieldTooLong);

    public const string FileExists = nameof(FileExists);

    public const string FileMissed = nameof(FileMissed);

    public const string FilterColumnAmbiguous = nameof(FilterColumnAmbiguous);

    public const string FilterColumnNotFound = nameof(FilterColumnNotFound);

    public const string FilterExists = nameof(FilterExists);

    public const string FilterNeedsList = nameof(FilterNeedsList);

    public const string FilterNotFound = nameof(FilterNotFound);

    public const string FilterNotTranslatable = nameof(FilterNotTranslatable);

    public const string FilterOfOtherList = nameof(FilterOfOtherList);

    public const string FilterValueType = nameof(FilterValueType);

    public const string FrequencyNotAllowed = nameof(FrequencyNotAllowed);

    public const string GroupAlreadyRunning = nameof(GroupAlreadyRunning);

    public const string GroupExists = nameof(GroupExists);

    public const string GroupNameTooLong = nameof(GroupNameTooLong);

    public const string GroupNeedsTwoJobs = nameof(GroupNeedsTwoJobs);

    public const string GroupNotFound = nameof(GroupNotFound);

    public const string GroupNotRunning = nameof(GroupNotRunning);

    public const string HeaderChanged = nameof(HeaderChanged);

    public const string HostKeyNotTrusted = nameof(HostKeyNotTrusted);

    public const string ImportOptionNotForTarget = nameof(ImportOptionNotForTarget);

    public const string InboundFileNotFound = nameof(InboundFileNotFound);

    public const string InboundFileUnreadable = nameof(InboundFileUnreadable);

    public const string InvalidCodeValue = nameof(InvalidCodeValue);

    public const string InvalidColumnName = nameof(InvalidColumnName);

    public const string InvalidColumnSpec = nameof(InvalidColumnSpec);

    public const string InvalidCronExpression = nameof(InvalidCronExpression);

    public const string InvalidDate = nameof(InvalidDate);

    public const string InvalidDefinition = nameof(InvalidDefinition);

    public const string InvalidEmail = nameof(InvalidEmail);

    public const string InvalidEncoding = nameof(InvalidEncoding);

    public const string InvalidExpiry = nameof(InvalidExpiry);

    public const string InvalidFeed = nameof(InvalidFeed);

    public const string InvalidFieldValue = nameof(InvalidFieldValue);

    public const string InvalidFileFormat = nameof(InvalidFileFormat);

    public const string InvalidFilePattern = nameof(InvalidFilePattern);

    public const string InvalidMatchColumns = nameof(InvalidMatchColumns);

    public const string InvalidMaxLength = nameof(InvalidMaxLength);

    public const string InvalidMobileNumber = nameof(InvalidMobileNumber);

    public const string InvalidNotification = nameof(InvalidNotification);

    public const string InvalidRunTimeout = nameof(InvalidRunTimeout);

    public const string InvalidScheduleTime = nameof(InvalidScheduleTime);

    public const string InvalidTargetName = nameof(InvalidTargetName);

    public const string InvalidTimestamp = nameof(InvalidTimestamp);

    public const string InvalidUserName = nameof(InvalidUserName);

    public const string JobAlreadyRunning = nameof(JobAlreadyRunning);

    public const string JobExists = nameof(JobExists);

    public const string JobInGroup = nameof(JobInGroup);

    public const string JobInOtherGroup = nameof(JobInOtherGroup);

    public const string JobIsRunning = nameof(JobIsRunning);

    public const string JobNotFound = nameof(JobNotFound);

    public const string JobNotGroupable = nameof(JobNotGroupable);

    public const string JobNotRunning = nameof(JobNotRunning);

    public const string KeyFileNotFound = nameof(KeyFileNotFound);

    public const string LatestLoadOfOtherList = nameof(LatestLoadOfOtherList);

    public const string ListNotFound = nameof(ListNotFound);

    public const string ListOnlyForExtension = nameof(ListOnlyForExtension);

    public const string LocationNotFound = nameof(LocationNotFound);

    public const string LocationWriteFailed = nameof(LocationWriteFailed);

    public const string MappedColumnNotInFile = nameof(MappedColumnNotInFile);

    public const string MatchColumnNotMapped = nameof(MatchColumnNotMapped);

    public const string MaxLengthOnNonText = nameof(MaxLengthOnNonText);

    public const string MissingEmail = nameof(MissingEmail);

    public const string MissingKeyField = nameof(MissingKeyField);

    public const string MissingMatchValue = nameof(MissingMatchValue);

    public const string MissingMobile = nameof(MissingMobile);

    public const string NoColumnsForTable = nameof(NoColumnsForTable);

    public const string NoDaysOfWeek = nameof(NoDaysOfWeek);

    public const string NoDecryptionKey = nameof(NoDecryptionKey);

    public const string NoInboundFile = nameof(NoInboundFile);

    public const string NoListRecord = nameof(NoListRecord);

    public const string NotAConnectStore = nameof(NotAConnectStore);

    public const string NotAnImport = nameof(NotAnImport);

    public const string NotCompressed = nameof(NotCompressed);

    public const string NotEncrypted = nameof(NotEncrypted);

    public const string NulInFile = nameof(NulInFile);

    public const string ParameterNotForJobKind = nameof(ParameterNotForJobKind);

    public const string PgpDecryptFailed = nameof(PgpDecryptFailed);

    public const string PgpIntegrityFailed = nameof(PgpIntegrityFailed);

    public const string PgpNoIntegrity = nameof(PgpNoIntegrity);

    public const string PrimaryKeyColumnNotFound = nameof(PrimaryKeyColumnNotFound);

    public const string PrimaryKeyNotAllowed = nameof(PrimaryKeyNotAllowed);

    public const string PrimaryKeyRequired = nameof(PrimaryKeyRequired);

    public const string PrivateKeyUnusable = nameof(PrivateKeyUnusable);

    public const string ProcessDied = nameof(ProcessDied);

    public const string ProtectedColumnNotExported = nameof(ProtectedColumnNotExported);

    public const string PublicKeyInvalid = nameof(PublicKeyInvalid);

    public const string PublicKeyUnusable = nameof(PublicKeyUnusable);

    public const string RemoteOperationFailed = nameof(RemoteOperationFailed);

    public const string RequiredColumnMissing = nameof(RequiredColumnMissing);

    public const string ReservedColumnName = nameof(ReservedColumnName);

    public const string RunFailed = nameof(RunFailed);

    public const string RunNotFound = nameof(RunNotFound);

    public const string RunnerNotFound = nameof(RunnerNotFound);

    public const string RunLeaseExpired = nameof(RunLeaseExpired);

    public const string RunLeaseLost = nameof(RunLeaseLost);

    public const string RunStopped = nameof(RunStopped);

    public const string RunTimedOut = nameof(RunTimedOut);

    public const string ScheduleInPast = nameof(ScheduleInPast);

    public const string SecretKeyInvalid = nameof(SecretKeyInvalid);

    public const string SecretUnreadable = nameof(SecretUnreadable);

    public const string ServerDetailsRequired = nameof(ServerDetailsRequired);

    public const string SigningKeyInvalid = nameof(SigningKeyInvalid);

    public const string SigningKeyPassphrase = nameof(SigningKeyPassphrase);

    public const string SigningKeyUnusable = nameof(SigningKeyUnusable);

    public const string SigningNeedsEncryption = nameof(SigningNeedsEncryption);

    public const string SshKeyExists = nameof(SshKeyExists);

    public const string SshKeyNeedsSftp = nameof(SshKeyNeedsSftp);

    public const string StopTimedOut = nameof(StopTimedOut);

    public const string StoreConnectionStringInvalid = nameof(StoreConnectionStringInvalid);

    public const string StoreCopySameStore = nameof(StoreCopySameStore);

    public const string StoreCopyCountDiffers = nameof(StoreCopyCountDiffers);

    public const string StoreCorrupt = nameof(StoreCorrupt);

    public const string StoreDamaged = nameof(StoreDamaged);

    public const string StoreLoginFailed = nameof(StoreLoginFailed);

    public const string StoreNotEmpty = nameof(StoreNotEmpty);

    public const string StoreSchemaTooNew = nameof(StoreSchemaTooNew);

    public const string StoreUnavailable = nameof(StoreUnavailable);

    public const string SuppressionNeedsColumn = nameof(SuppressionNeedsColumn);

    public const string SuppressionNeedsOneValue = nameof(SuppressionNeedsOneValue);

    public const string SystemColumnMapped = nameof(SystemColumnMapped);

    public const string SystemFieldNotWritable = nameof(SystemFieldNotWritable);

    public const string TableNotFound = nameof(TableNotFound);

    public const string TargetExists = nameof(TargetExists);

    public const string TargetInUse = nameof(TargetInUse);

    public const string TargetNotFound = nameof(TargetNotFound);

    public const string UnexpectedError = nameof(UnexpectedError);

    public const string UnknownMappedColumn = nameof(UnknownMappedColumn);

    public const string UnknownRecordField = nameof(UnknownRecordField);

    public const string UnknownRiid = nameof(UnknownRiid);

    public const string UnknownEventType = nameof(UnknownEventType);

    public const string UnknownTimeZone = nameof(UnknownTimeZone);

    public const string UnknownTopLevelDomain = nameof(UnknownTopLevelDomain);

    public const string UnrepresentableCharacter = nameof(UnrepresentableCharacter);

    public const string UnsafeRemoteName = nameof(UnsafeRemoteName);

    public const string UnterminatedQuote = nameof(UnterminatedQuote);

    public const string ValueNeedsEnclosure = nameof(ValueNeedsEnclosure);

    public const string ZipNotOneFile = nameof(ZipNotOneFile);
}

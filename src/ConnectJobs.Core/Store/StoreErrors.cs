namespace ConnectJobs.Store;

/// <summary>Errors about things a store does not hold, the same whichever provider answers.</summary>
public static class StoreErrors
{
    public static ConnectException GroupNotFound(string name) => ConnectException.Create(ErrorIds.GroupNotFound, ErrorKind.NotFound, name, Messages.GroupNotFound, name);

    public static ConnectException JobNotFound(string name) => ConnectException.Create(ErrorIds.JobNotFound, ErrorKind.NotFound, name, Messages.JobNotFound, name);

    public static ConnectException JobNotFound(long id) => ConnectException.Create(ErrorIds.JobNotFound, ErrorKind.NotFound, id, Messages.JobIdNotFound, id);

    public static ConnectException ConnectionNotFound(string name) => ConnectException.Create(ErrorIds.ConnectionNotFound, ErrorKind.NotFound, name, Messages.ConnectionNotFound, name);
}

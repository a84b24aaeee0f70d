namespace ConnectJobs.Data;

/// <summary>Errors about lists and tables that the cmdlets raise too, so the message and id stay one.</summary>
public static class DataTargetErrors
{
    public static ConnectException NotFound(string name, bool isList) => isList
        ? ConnectException.Create("ListNotFound", ErrorKind.NotFound, name, Messages.ListNotFound, name)
        : ConnectException.Create("TableNotFound", ErrorKind.NotFound, name, Messages.TableNotFound, name);
}

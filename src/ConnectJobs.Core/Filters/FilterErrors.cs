namespace ConnectJobs.Filters;

/// <summary>Errors about filters that the cmdlets raise too, so the message and id stay one.</summary>
public static class FilterErrors
{
    public static ConnectException NotFound(string name) => ConnectException.Create(ErrorIds.FilterNotFound, ErrorKind.NotFound, name, Messages.FilterNotFound, name);

    public static ConnectException OfOtherList(ListFilter filter, string target) =>
        ConnectException.Create(ErrorIds.FilterOfOtherList, ErrorKind.InvalidArgument, filter.Name, Messages.FilterOfOtherList, filter.Name, filter.List, target);

    public static ConnectException NeedsList(string target) => ConnectException.Create(ErrorIds.FilterNeedsList, ErrorKind.InvalidArgument, target, Messages.FilterNeedsList, target);
}

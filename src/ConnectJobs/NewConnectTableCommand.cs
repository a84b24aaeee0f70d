using System.Globalization;
using System.Management.Automation;
using ConnectJobs.Data;
using ConnectJobs.Store;

namespace ConnectJobs.Commands;

/// <summary>New-ConnectTable: creates a supplemental table, a profile extension table or a suppression list.</summary>
[Cmdlet(VerbsCommon.New, "ConnectTable", SupportsShouldProcess = true)]
[OutputType(typeof(DataTable))]
public sealed class NewConnectTableCommand : ConnectCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Kind")]
    public TableType Type { get; set; }

    /// <summary>For an extension table: the profile list it extends.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.ListNameCompleter))]
    public string? List { get; set; }

    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    public ColumnDefinition[]? Column { get; set; }

    /// <summary>For a supplemental table: the column(s) that identify a row.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string[]? PrimaryKey { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Description { get; set; }

    /// <summary>An extension table that the store deletes after this many days (1–90).</summary>
    [Parameter]
    [ValidateRange(1, 90)]
    public int ExpiresInDays { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var definition = new TableDefinition(Name, (TargetKind)Type, List, Description, ColumnRules.NormalizeAll(Column), PrimaryKey ?? [], ExpiresInDays == 0 ? null : ExpiresInDays);
        ColumnRules.NormalizeTargetName(Name);
        var action = string.Format(CultureInfo.CurrentCulture, CommandMessages.ActionCreateTable, Type.ToString().ToLowerInvariant());
        if (ShouldProcess(Name, action))
        {
            var table = Await(Store.CreateTableAsync(definition, CancellationToken));
            if (PassThru)
            {
                WriteObject(table);
            }
        }
    });
}

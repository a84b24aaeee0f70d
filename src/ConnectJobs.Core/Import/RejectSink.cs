using System.Globalization;
using System.Text;

namespace ConnectJobs.Import;

/// <summary>Rejected rows, written to a reject file as they come (CSV: LINE, COLUMN, RULE, MESSAGE,
/// RECORD), so that memory does not grow with the number of bad rows. The file is written beside
/// its final name and kept only when the import commits.</summary>
public sealed class RejectSink : IDisposable
{
    private const int FirstKept = 10;
    private readonly string _path;
    private readonly string _partial;
    private readonly List<RejectedRow> _first = [];
    private StreamWriter? _writer;

    public RejectSink(string path)
    {
        _path = Path.GetFullPath(path);
        _partial = _path + ".partial";
    }

    public long Count { get; private set; }

    /// <summary>The first rejected rows, to show without opening the file.</summary>
    public IReadOnlyList<RejectedRow> First => _first;

    public void Add(RejectedRow row)
    {
        Count++;
        if (_first.Count < FirstKept)
        {
            _first.Add(row);
        }

        try
        {
            if (_writer is null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(_partial)!);
                _writer = new StreamWriter(_partial, append: false, new UTF8Encoding(false)) { NewLine = "\r\n" };
                _writer.WriteLine("LINE,COLUMN,RULE,MESSAGE,RECORD");
            }

            _writer.WriteLine(CsvText.Join([row.Line.ToString(CultureInfo.InvariantCulture), row.Column, row.Rule, row.Message, row.Record], ',', '"'));
        }
        catch (IOException e) when (IoFaults.IsDiskFull(e))
        {
            throw IoFaults.DiskFull(_path, e);
        }
    }

    /// <summary>Gives the reject file its name; null when no row was rejected.</summary>
    public string? Keep()
    {
        if (_writer is null)
        {
            return null;
        }

        try
        {
            _writer.Dispose();
            _writer = null;
            File.Move(_partial, _path, overwrite: true);
            return _path;
        }
        catch (IOException e) when (IoFaults.IsDiskFull(e))
        {
            throw IoFaults.DiskFull(_path, e);
        }
    }

    /// <summary>Drops the file unless <see cref="Keep"/> named it, whatever closing it says (a full
    /// disk fails the flush, and the partial file must go all the same).</summary>
    public void Dispose()
    {
        if (_writer is not null)
        {
            try
            {
                _writer.Dispose();
            }
            catch (IOException)
            {
            }
            finally
            {
                _writer = null;
                File.Delete(_partial);
            }
        }
    }
}

using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ConnectJobs.Store;

/// <summary>A prepared statement driven through SQLite's own API, for the loops that run once per
/// row of a file: binding by position without boxing or name lookups costs a fraction of what
/// SqliteCommand does per execution. It runs in whatever transaction the connection is in.</summary>
internal sealed partial class RawStatement : IDisposable, Export.IRowReader
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly IntPtr _handle;
    private readonly IntPtr _dbHandle;

    public RawStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle!;
        Check(raw.sqlite3_prepare_v2(_db, sql, out _statement));
        _handle = _statement.DangerousGetHandle();
        _dbHandle = _db.DangerousGetHandle();
    }

    /// <summary>Binds a value to the 1-based parameter <paramref name="index"/>.</summary>
    public void Bind(int index, object? value) => Check(value switch
    {
        null => raw.sqlite3_bind_null(_statement, index),
        long number => raw.sqlite3_bind_int64(_statement, index, number),
        double real => raw.sqlite3_bind_double(_statement, index, real),
        string text => raw.sqlite3_bind_text(_statement, index, text),
        _ => throw new ArgumentException($"Cannot bind a {value.GetType()}.", nameof(value)),
    });

    /// <summary>Sets every parameter to null, before <see cref="BindRow"/> binds the values there are.</summary>
    public void ClearRow() => Check(ClearBindings(_handle));

    /// <summary>Binds an event's values from parameter <paramref name="first"/> on, as text at
    /// <paramref name="utf8"/> (nulls stay as cleared), for the loops that append millions of events:
    /// straight to the library SQLitePCL loaded, and without SQLite copying the text (SQLITE_STATIC):
    /// the caller keeps the memory as it is until the statement has run.</summary>
    public unsafe void BindRow(byte* utf8, IReadOnlyList<int> lengths, int first)
    {
        var at = 0;
        for (var i = 0; i < lengths.Count; i++)
        {
            if (lengths[i] >= 0)
            {
                Check(BindText(_handle, first + i, utf8 + at, lengths[i], IntPtr.Zero));
                at += lengths[i];
            }
        }
    }

    /// <summary>Runs the statement bound by <see cref="BindRow"/> once, as <see cref="Execute"/> does,
    /// through the library directly; returns how many rows it changed.</summary>
    public int ExecuteRow()
    {
        var result = Step(_handle);

        // Reset returns the step's error again, which is checked below.
        _ = Reset(_handle);
        if (result != raw.SQLITE_DONE)
        {
            Check(result);
        }

        return Changes(_dbHandle);
    }

    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_step")]
    [UnmanagedCallConv(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static partial int Step(IntPtr statement);

    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_reset")]
    [UnmanagedCallConv(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static partial int Reset(IntPtr statement);

    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_changes")]
    [UnmanagedCallConv(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static partial int Changes(IntPtr db);

    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_clear_bindings")]
    [UnmanagedCallConv(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static partial int ClearBindings(IntPtr statement);

    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_bind_text")]
    [UnmanagedCallConv(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static unsafe partial int BindText(IntPtr statement, int index, byte* text, int length, IntPtr destructor);

    /// <summary>Runs the statement once; returns how many rows it changed (0 for an INSERT OR IGNORE that ignored its row).</summary>
    public int Execute()
    {
        var result = raw.sqlite3_step(_statement);
        raw.sqlite3_reset(_statement);
        if (result != raw.SQLITE_DONE)
        {
            Check(result);
        }

        return raw.sqlite3_changes(_db);
    }

    /// <summary>Steps a query: true while it has a row.</summary>
    public bool Step()
    {
        var result = raw.sqlite3_step(_statement);
        if (result == raw.SQLITE_ROW)
        {
            return true;
        }

        Check(result);
        return false;
    }

    public bool IsNull(int column) => raw.sqlite3_column_type(_statement, column) == raw.SQLITE_NULL;

    /// <summary>The value as SQLite's own text in UTF-8, without copying: numbers as SQLite writes
    /// them, text as stored, nothing for null. Valid until the next step. Called for every field of
    /// an export, so it goes straight to the library SQLitePCL loaded, without its wrappers and
    /// without a GC transition (both functions only read the current row).</summary>
    public unsafe ReadOnlySpan<byte> GetUtf8(int column)
    {
        var bytes = ColumnBlob(_handle, column);
        return bytes == IntPtr.Zero ? default : new ReadOnlySpan<byte>((void*)bytes, ColumnBytes(_handle, column));
    }

    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_column_blob")]
    [SuppressGCTransition]
    [UnmanagedCallConv(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static partial IntPtr ColumnBlob(IntPtr statement, int column);

    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_column_bytes")]
    [SuppressGCTransition]
    [UnmanagedCallConv(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static partial int ColumnBytes(IntPtr statement, int column);

    /// <summary>The value as the .NET type the column's type reads as (see ValueConverter).</summary>
    public object? GetValue(int column, Data.ColumnType type) => IsNull(column) ? null : type switch
    {
        Data.ColumnType.Number => raw.sqlite3_column_int64(_statement, column),
        Data.ColumnType.Decimal => (decimal)raw.sqlite3_column_double(_statement, column),
        Data.ColumnType.Timestamp => Data.ValueConverter.ParseTimestamp(raw.sqlite3_column_text(_statement, column).utf8_to_string()),
        _ => raw.sqlite3_column_text(_statement, column).utf8_to_string(),
    };

    public void Dispose() => _statement.Dispose();

    private void Check(int result)
    {
        if (result is not (raw.SQLITE_OK or raw.SQLITE_DONE or raw.SQLITE_ROW))
        {
            SqliteException.ThrowExceptionForRC(result, _db);
        }
    }
}

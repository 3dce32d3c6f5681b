using System.Runtime.InteropServices;

namespace HandoffRules.Host.Store;

/// <summary>
/// SQLite's own calls on a statement, made directly on its handle. Through the provider every call
/// takes and releases the statement's handle reference (and a wrapper call or two); a statement of
/// the writer binds some ten values, and the report reads ten columns a row, so those references
/// cost as much as SQLite's work for the value (docs/benchmarks.md). The caller keeps the
/// statement's handle object alive while it uses the pointer.
/// </summary>
internal static unsafe partial class SqliteNative
{
    // A value bound with this "destructor" is copied by SQLite before the call returns (SQLITE_TRANSIENT).
    private static readonly IntPtr Transient = new(-1);

    // Where an empty text or blob points: SQLite binds a null pointer as NULL, not as an empty value.
    private static readonly byte* Empty = (byte*)NativeMemory.AllocZeroed(1);

    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_step")]
    public static partial int Step(IntPtr statement);

    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_reset")]
    public static partial int Reset(IntPtr statement);

    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_bind_null")]
    public static partial int BindNull(IntPtr statement, int position);

    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_bind_int64")]
    public static partial int BindInt64(IntPtr statement, int position, long value);

    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_bind_double")]
    public static partial int BindDouble(IntPtr statement, int position, double value);

    /// <summary>Binds a text given in UTF-8, copied by SQLite.</summary>
    public static int BindText(IntPtr statement, int position, ReadOnlySpan<byte> utf8)
    {
        fixed (byte* text = utf8)
        {
            return BindText(statement, position, text is null ? Empty : text, utf8.Length, Transient);
        }
    }

    /// <summary>Binds a blob, copied by SQLite.</summary>
    public static int BindBlob(IntPtr statement, int position, ReadOnlySpan<byte> bytes)
    {
        fixed (byte* blob = bytes)
        {
            return BindBlob(statement, position, blob is null ? Empty : blob, bytes.Length, Transient);
        }
    }

    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_column_type")]
    public static partial int ColumnType(IntPtr statement, int column);

    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_column_int64")]
    public static partial long ColumnInt64(IntPtr statement, int column);

    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_column_blob")]
    public static partial byte* ColumnBlob(IntPtr statement, int column);

    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_column_bytes")]
    public static partial int ColumnBytes(IntPtr statement, int column);

    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_bind_text")]
    private static partial int BindText(IntPtr statement, int position, byte* text, int length, IntPtr destructor);

    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_bind_blob")]
    private static partial int BindBlob(IntPtr statement, int position, byte* blob, int length, IntPtr destructor);
}

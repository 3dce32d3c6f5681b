using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace HandoffRules.Host.Inputs;

/// <summary>
/// What makes a file the same file whatever it is called: its device and inode. A log rotated by
/// renaming gets a new file under the old name (a new inode); one rotated by copy-and-truncate keeps
/// its inode but shrinks. Read with <c>stat</c>/<c>fstat</c> on Linux; elsewhere unknown (null), and
/// rotation is then detected by size and content alone.
/// </summary>
/// <param name="Device">The device the file lives on.</param>
/// <param name="Inode">The file's inode on that device.</param>
public readonly partial record struct FileIdentity(ulong Device, ulong Inode)
{
    /// <summary>The identity of the file now at <paramref name="path"/>, or null when there is none or it cannot be known.</summary>
    public static FileIdentity? Of(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        Span<byte> buffer = stackalloc byte[StatSize];
        return Stat(path, ref MemoryMarshal.GetReference(buffer)) == 0 ? Read(buffer) : null;
    }

    /// <summary>The identity of an open file, or null when it cannot be known.</summary>
    public static FileIdentity? Of(SafeFileHandle handle)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        Span<byte> buffer = stackalloc byte[StatSize];
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            return FStat(handle.DangerousGetHandle().ToInt32(), ref MemoryMarshal.GetReference(buffer)) == 0 ? Read(buffer) : null;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>Reads an identity written by <see cref="ToString"/>; null for null or malformed text.</summary>
    public static FileIdentity? Parse(string? text)
    {
        var parts = text?.Split(':');
        return parts is [var device, var inode] && ulong.TryParse(device, out var d) && ulong.TryParse(inode, out var i) ? new FileIdentity(d, i) : null;
    }

    /// <summary>"device:inode", as stored with an input's cursor.</summary>
    public override string ToString() => $"{Device}:{Inode}";

    // struct stat begins with st_dev and st_ino, both 64-bit, on every 64-bit Linux ABI .NET runs on
    // (x86-64, arm64, and the generic layout of the others); the buffer is larger than any struct stat.
    private const int StatSize = 256;

    private static FileIdentity Read(ReadOnlySpan<byte> buffer) =>
        new(MemoryMarshal.Read<ulong>(buffer), MemoryMarshal.Read<ulong>(buffer[8..]));

    [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Stat(string path, ref byte buffer);

    [LibraryImport("libc", EntryPoint = "fstat")]
    private static partial int FStat(int descriptor, ref byte buffer);
}

using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace BatchScoring.Storage.Local;

/// <summary>
/// What tells two versions of a local file apart: its length, its last-write time, and on Linux its change time
/// (ctime, from <c>statx</c>). Tools that copy or sync a file can put its write time back (<c>cp -p</c>,
/// <c>rsync -t</c>, <c>tar</c>), so an edit of the same length would keep length and write time; the change time is
/// set by the kernel on every write, rename or metadata change, and no tool can set it. Elsewhere (Windows, macOS) the
/// version is length and write time only. What is not a regular file (a named pipe, a device) has no version: its
/// ETag is empty, and it is read as it comes.
/// </summary>
internal readonly partial record struct FileVersion(long Length, long WriteTicks, long ChangeTicks, bool IsRegular = true)
{
    private const int AtFdCwd = -100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxBasicStats = 0x7ff;

    // struct statx (linux/stat.h): the kernel's own layout, the same on every architecture.
    private const int StatxSize = 256;
    private const int ModeOffset = 28;
    private const int SizeOffset = 40;
    private const ushort FileTypeMask = 0xF000;
    private const ushort RegularFile = 0x8000;
    private const int ChangeTimeOffset = 96;
    private const int WriteTimeOffset = 112;

    private static bool statxWorks = OperatingSystem.IsLinux();

    /// <summary>
    /// The version as an ETag: <c>"write-length"</c>, and <c>-change</c> where the change time is known (hex); empty for
    /// what is not a regular file.
    /// </summary>
    public string ETag => !IsRegular ? ""
        : ChangeTicks == 0
        ? string.Create(CultureInfo.InvariantCulture, $"\"{WriteTicks:x}-{Length:x}\"")
        : string.Create(CultureInfo.InvariantCulture, $"\"{WriteTicks:x}-{Length:x}-{ChangeTicks:x}\"");

    public DateTime WriteTimeUtc => new(WriteTicks, DateTimeKind.Utc);

    /// <summary>The version of the file at <paramref name="fullPath"/> (which exists).</summary>
    public static FileVersion Of(string fullPath, FileInfo? info = null)
    {
        if (statxWorks && TryStatx(AtFdCwd, fullPath, 0, out var version))
        {
            return version;
        }

        info ??= new FileInfo(fullPath);
        return new FileVersion(info.Length, info.LastWriteTimeUtc.Ticks, 0);
    }

    /// <summary>The version of an open file (of what the handle reads, even if its name now points elsewhere).</summary>
    public static FileVersion Of(SafeFileHandle handle, string fullPath)
    {
        if (statxWorks)
        {
            var added = false;
            try
            {
                handle.DangerousAddRef(ref added);
                if (TryStatx((int)handle.DangerousGetHandle(), "", AtEmptyPath, out var version))
                {
                    return version;
                }
            }
            finally
            {
                if (added)
                {
                    handle.DangerousRelease();
                }
            }
        }

        return new FileVersion(RandomAccess.GetLength(handle), File.GetLastWriteTimeUtc(handle).Ticks, 0);
    }

    /// <summary>What differs from <paramref name="planned"/>, for people: <c>its size went from 2,048 to 1,024 bytes</c>.</summary>
    public string DescribeChangeFrom(FileVersion planned)
    {
        if (Length != planned.Length)
        {
            return string.Create(CultureInfo.InvariantCulture, $"its size went from {planned.Length:N0} to {Length:N0} bytes");
        }

        if (WriteTicks != planned.WriteTicks)
        {
            return string.Create(CultureInfo.InvariantCulture, $"it was written again (modified {planned.WriteTimeUtc:yyyy-MM-dd HH:mm:ss.fff}Z, now {WriteTimeUtc:yyyy-MM-dd HH:mm:ss.fff}Z)");
        }

        return "it was written again, with its size and modification time put back (its change time differs)";
    }

    /// <summary>Reads an ETag this type wrote; false for any other text.</summary>
    public static bool TryParse(string etag, out FileVersion version)
    {
        version = default;
        var parts = etag.Trim('"').Split('-');
        if (parts.Length is < 2 or > 3
            || !long.TryParse(parts[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var write)
            || !long.TryParse(parts[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var length))
        {
            return false;
        }

        long change = 0;
        if (parts.Length == 3 && !long.TryParse(parts[2], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out change))
        {
            return false;
        }

        version = new FileVersion(length, write, change);
        return true;
    }

    private static unsafe bool TryStatx(int dirfd, string path, int flags, out FileVersion version)
    {
        version = default;
        var buffer = stackalloc byte[StatxSize];
        int result;
        try
        {
            result = Statx(dirfd, path, flags, StatxBasicStats, buffer);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            statxWorks = false;
            return false;
        }

        if (result != 0)
        {
            // ENOSYS (an old kernel or a sandbox without the call): never try again; anything else: this once.
            if (Marshal.GetLastPInvokeError() == 38)
            {
                statxWorks = false;
            }

            return false;
        }

        var span = new ReadOnlySpan<byte>(buffer, StatxSize);
        version = new FileVersion(
            MemoryMarshal.Read<long>(span[SizeOffset..]),
            Ticks(span[WriteTimeOffset..]),
            Ticks(span[ChangeTimeOffset..]),
            (MemoryMarshal.Read<ushort>(span[ModeOffset..]) & FileTypeMask) == RegularFile);
        return true;
    }

    /// <summary>A <c>struct statx_timestamp</c> (seconds since 1970, nanoseconds) as <see cref="DateTime"/> ticks.</summary>
    private static long Ticks(ReadOnlySpan<byte> timestamp) =>
        DateTime.UnixEpoch.Ticks + (MemoryMarshal.Read<long>(timestamp) * TimeSpan.TicksPerSecond) + (MemoryMarshal.Read<uint>(timestamp[8..]) / 100);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);
}

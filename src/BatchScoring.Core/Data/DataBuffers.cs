using System.Buffers;

namespace BatchScoring.Core.Data;

/// <summary>
/// The pools of the data path's large buffers: raw chunks as read, feature blocks, formatted result rows. They keep
/// at most <see cref="MaxPerSize"/> arrays of each size and nothing per thread, so what a run keeps follows the work
/// in flight. (<see cref="ArrayPool{T}.Shared"/> keeps up to 32 arrays of each size per core and one per thread: on a
/// 1M-row CSV run it held about 450 MB of chunk buffers, most of them idle.) An array rented here goes back here.
/// </summary>
internal static class DataBuffers
{
    /// <summary>Arrays of one size the pools keep; more are left to the GC.</summary>
    public const int MaxPerSize = 16;

    /// <summary>The pool of <typeparamref name="T"/> arrays.</summary>
    public static ArrayPool<T> Pool<T>() => Holder<T>.Pool;

    private static class Holder<T>
    {
        public static readonly ArrayPool<T> Pool = ArrayPool<T>.Create(1 << 30, MaxPerSize);
    }
}

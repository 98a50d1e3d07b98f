using System.Runtime.ExceptionServices;
using System.Threading.Channels;

namespace BatchScoring.Engine.Pipeline;

/// <summary>
/// Reads work items in order, processes several at once (each under one of the process's CPU slots) and consumes the
/// results in the order read. Reading the next items overlaps processing, and processing overlaps consuming. At most
/// <see cref="ScoringCapacity.ChunksPerMiniBatch"/> items of one pipeline, and <see cref="ScoringCapacity.ChunksInFlight"/>
/// of the whole process, are between read and consumed; both, and the CPU slots, go to the pipeline of lowest
/// <c>priority</c> first (the mini-batch index). The first failure cancels the rest and is rethrown with its
/// own stack trace once every item started has been disposed.
/// </summary>
internal static class OrderedPipeline
{
    public static async Task RunAsync<TItem, TResult>(
        IAsyncEnumerable<TItem> source,
        Func<TItem, CancellationToken, ValueTask<TResult>> process,
        Func<TResult, CancellationToken, ValueTask> consume,
        ScoringCapacity capacity,
        long priority,
        CancellationToken cancellationToken)
        where TItem : IDisposable
        where TResult : IDisposable
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var window = Channel.CreateBounded<Task<TResult>>(new BoundedChannelOptions(capacity.ChunksPerMiniBatch) { SingleReader = true, SingleWriter = true });
        ExceptionDispatchInfo? failure = null;
        var produce = ProduceAsync(source, process, capacity, priority, window.Writer, cancel.Token);
        await foreach (var pending in window.Reader.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                using var result = await pending;
                if (failure is null)
                {
                    await consume(result, cancel.Token);
                }
            }
            catch (Exception e)
            {
                failure ??= ExceptionDispatchInfo.Capture(e);
                await cancel.CancelAsync();
            }
            finally
            {
                capacity.Chunks.Release();
            }
        }

        try
        {
            await produce;
        }
        catch (Exception e)
        {
            failure ??= ExceptionDispatchInfo.Capture(e);
        }

        failure?.Throw();
    }

    private static async Task ProduceAsync<TItem, TResult>(
        IAsyncEnumerable<TItem> source,
        Func<TItem, CancellationToken, ValueTask<TResult>> process,
        ScoringCapacity capacity,
        long priority,
        ChannelWriter<Task<TResult>> window,
        CancellationToken cancellationToken)
        where TItem : IDisposable
    {
        try
        {
            await using var items = source.GetAsyncEnumerator(cancellationToken);
            while (await window.WaitToWriteAsync(cancellationToken))
            {
                await capacity.Chunks.WaitAsync(priority, cancellationToken);
                bool more;
                try
                {
                    more = await items.MoveNextAsync();
                }
                catch
                {
                    capacity.Chunks.Release();
                    throw;
                }

                if (!more)
                {
                    capacity.Chunks.Release();
                    break;
                }

                // The only writer, after WaitToWriteAsync: the write cannot wait, so the item is never lost.
                var item = items.Current;
                window.TryWrite(Task.Run(() => ProcessAsync(item, process, capacity, priority, cancellationToken), CancellationToken.None));
            }
        }
        finally
        {
            window.TryComplete();
        }
    }

    private static async Task<TResult> ProcessAsync<TItem, TResult>(TItem item, Func<TItem, CancellationToken, ValueTask<TResult>> process, ScoringCapacity capacity, long priority, CancellationToken cancellationToken)
        where TItem : IDisposable
    {
        using (item)
        {
            await capacity.Cpu.WaitAsync(priority, cancellationToken);
            try
            {
                return await process(item, cancellationToken);
            }
            finally
            {
                capacity.Cpu.Release();
            }
        }
    }
}

using Microsoft.ML.OnnxRuntime;

namespace BatchScoring.Onnx;

/// <summary>
/// A shared session with the model's hash and the provider it really runs on, owned by the pool. Scorers run it
/// through <see cref="Run"/>, which counts the calls in flight: when the pool is disposed (the process stopping after
/// Ctrl+C while chunks are still scored) the calls in flight are told to stop (<c>RunOptions.Terminate</c>) and the
/// session is freed by the last of them to end, never under a running call, which would crash the process.
/// </summary>
public sealed class PooledSession(InferenceSession session, string modelHash, string provider)
{
    private readonly Lock sync = new();
    private readonly HashSet<RunOptions> running = [];
    private bool retired;

    /// <summary>The session, for its metadata; run it through <see cref="Run"/>.</summary>
    public InferenceSession Session => session;

    public string ModelHash => modelHash;

    public string Provider => provider;

    /// <summary>
    /// <c>InferenceSession.Run</c>, counted. Throws <see cref="ObjectDisposedException"/> once the pool is disposed, and
    /// ONNX Runtime's "terminate" error for a call the disposal stopped.
    /// </summary>
    public IDisposableReadOnlyCollection<OrtValue> Run(RunOptions options, IReadOnlyCollection<string> inputNames, IReadOnlyCollection<OrtValue> inputs, IReadOnlyCollection<string> outputNames)
    {
        lock (sync)
        {
            ObjectDisposedException.ThrowIf(retired, this);
            running.Add(options);
        }

        try
        {
            return session.Run(options, inputNames, inputs, outputNames);
        }
        finally
        {
            lock (sync)
            {
                running.Remove(options);
                if (retired && running.Count == 0)
                {
                    session.Dispose();
                }
            }
        }
    }

    /// <summary>
    /// No new calls; the calls in flight are told to stop, and the session is freed now or by the last of them. Waits up
    /// to <paramref name="patience"/> for them, so that a process that exits next does not unload ONNX Runtime under one.
    /// </summary>
    internal void Retire(TimeSpan patience)
    {
        lock (sync)
        {
            if (retired)
            {
                return;
            }

            retired = true;
            if (running.Count == 0)
            {
                session.Dispose();
                return;
            }

            foreach (var options in running)
            {
                options.Terminate = true;
            }
        }

        var until = DateTime.UtcNow + patience;
        while (DateTime.UtcNow < until)
        {
            lock (sync)
            {
                if (running.Count == 0)
                {
                    return;
                }
            }

            Thread.Sleep(5);
        }
    }
}

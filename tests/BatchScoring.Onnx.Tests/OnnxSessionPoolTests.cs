using System.Collections.Concurrent;
using BatchScoring.Core;
using BatchScoring.Core.Spec;
using BatchScoring.Tests;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace BatchScoring.Onnx.Tests;

public sealed class OnnxSessionPoolTests
{
    [Fact]
    public void Get_SameModelTwice_OneSessionShared()
    {
        using var pool = new OnnxSessionPool();

        var first = pool.Get(Scorers.Model("cast-float.onnx"), new ModelSpec());
        var second = pool.Get(Scorers.Model("cast-float.onnx"), new ModelSpec());
        var other = pool.Get(Scorers.Model("cast-double.onnx"), new ModelSpec());

        Assert.Same(first.Session, second.Session);
        Assert.NotSame(first.Session, other.Session);
        Assert.Equal(2, pool.Count);
        Assert.Equal(64, first.ModelHash.Length);
    }

    [Fact]
    public async Task Dispose_WhileCallsRun_TheyStopAndNoneRunsOnAFreedSession()
    {
        // Arrange: two threads running the digits MLP on 8,192 rows a call, again and again
        var pool = new OnnxSessionPool();
        var pooled = pool.Get(Repo.PathOf("samples/models/digits-mlp.onnx"), new ModelSpec());
        var output = pooled.Session.OutputNames[0];
        var input = new float[8192 * 64];
        var failures = new ConcurrentBag<Exception>();
        var runs = 0;
        var threads = Enumerable.Range(0, 2).Select(_ => new Thread(() =>
        {
            using var value = OrtValue.CreateTensorValueFromMemory(input, [8192, 64]);
            while (true)
            {
                try
                {
                    using var options = new RunOptions();
                    using var outputs = pooled.Run(options, ["pixels"], [value], [output]);
                    Interlocked.Increment(ref runs);
                }
                catch (Exception e)
                {
                    failures.Add(e);
                    return;
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        await Waits.UntilAsync(() => Volatile.Read(ref runs) > 0 || !failures.IsEmpty, TimeSpan.FromSeconds(60), "a first call on the pooled session ending");

        // Act: the pool goes while calls run (freeing the session under one crashes the process)
        pool.Dispose();

        // Assert: every thread ends, on a refused or a stopped call
        Assert.All(threads, t => Assert.True(t.Join(TimeSpan.FromSeconds(20))));
        Assert.True(runs > 0);
        Assert.Equal(2, failures.Count);
        Assert.All(failures, e => Assert.True(e is ObjectDisposedException or OnnxRuntimeException, e.ToString()));
        using var late = new RunOptions();
        Assert.Throws<ObjectDisposedException>(() => pooled.Run(late, ["pixels"], [], [output]));
    }

    [Fact]
    public void Get_ConcurrentFirstUse_CreatesOneSession()
    {
        using var pool = new OnnxSessionPool();

        var sessions = Enumerable.Range(0, 8).AsParallel().Select(_ => pool.Get(Scorers.Model("cast-int64.onnx"), new ModelSpec()).Session).ToList();

        Assert.Single(sessions.Distinct());
    }

    [Fact]
    public void Get_CudaOnCpuOnlyBuild_FallsBackToCpuWithWarning()
    {
        using var logs = new ListLogger();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        using var pool = new OnnxSessionPool(factory);

        // The CPU package of ONNX Runtime has no CUDA provider: appending it throws, as on a machine without CUDA.
        var session = pool.Get(Scorers.Model("cast-float.onnx"), new ModelSpec { ExecutionProvider = ExecutionProviderKind.Cuda });

        Assert.Equal("CPU (CUDA fallback)", session.Provider);
        Assert.Contains(logs.Messages, m => m.Level == LogLevel.Warning && m.Message.Contains("CUDA execution provider could not load", StringComparison.Ordinal));
    }

    [Fact]
    public void Get_CudaFailureInjected_FallsBackToCpu()
    {
        using var pool = new OnnxSessionPool(appendCuda: (_, _) => throw new DllNotFoundException("libcudart.so.13: cannot open shared object file"));

        var session = pool.Get(Scorers.Model("cast-float.onnx"), new ModelSpec { ExecutionProvider = ExecutionProviderKind.Cuda });

        Assert.Equal("CPU (CUDA fallback)", session.Provider);
    }

    [Fact]
    public void Get_CudaFailsAndFallbackOff_ThrowsNamingTheSetting()
    {
        using var pool = new OnnxSessionPool(appendCuda: (_, _) => throw new DllNotFoundException("no CUDA"));

        var e = Assert.Throws<BatchScoringException>(() => pool.Get(Scorers.Model("cast-float.onnx"), new ModelSpec { ExecutionProvider = ExecutionProviderKind.Cuda, FallbackToCpu = false }));

        Assert.StartsWith("model.executionProvider: cuda was asked for but its provider could not load", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, pool.Count);
    }

    [Fact]
    public void Get_NotAModel_ThrowsNamingTheSpecsLocationNotTheLocalCopy()
    {
        using var temp = new BatchScoring.Tests.TempFolder();
        var path = temp.Write("cache/0123abcd.onnx", "not a model");
        using var pool = new OnnxSessionPool();

        var e = Assert.Throws<BatchScoringException>(() => pool.Get(path, new ModelSpec { Location = "models/bad.onnx" }));

        Assert.StartsWith("model.location: 'models/bad.onnx' could not be loaded by ONNX Runtime", e.Message, StringComparison.Ordinal);
    }
}

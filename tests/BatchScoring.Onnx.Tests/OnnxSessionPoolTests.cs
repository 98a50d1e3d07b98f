using BatchScoring.Core;
using BatchScoring.Core.Spec;
using Microsoft.Extensions.Logging;

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

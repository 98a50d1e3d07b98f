using System.Diagnostics;
using BatchScoring.Core.Spec;
using BatchScoring.Engine;
using BatchScoring.Onnx;
using BatchScoring.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML.OnnxRuntime;

namespace BatchScoring.Benchmarks;

/// <summary>
/// ResNet18 (NuGet Microsoft.ML.DnnImageFeaturizer.ResNet18, batch dimension made symbolic by
/// make_resnet_batchable.py) over JPEG files: images/s end to end against bare ONNX Runtime at the same batch size
/// and threads, on tensors prepared beforehand.
/// </summary>
internal static class ResNetBenchmark
{
    private const int Batch = 16;

    public static async Task<int> RunAsync(int images)
    {
        foreach (var threads in new[] { 1, Environment.ProcessorCount })
        {
            var code = await RunAsync(images, threads);
            if (code != 0)
            {
                return code;
            }
        }

        Console.WriteLine(Measure.PeakMemory());
        return 0;
    }

    private static async Task<int> RunAsync(int images, int threads)
    {
        var root = Path.Combine(Path.GetTempPath(), "bs-bench-resnet");
        Directory.CreateDirectory(Path.Combine(root, "in"));
        var model = Path.Combine(root, "resnet18.onnx");
        if (!File.Exists(model))
        {
            var source = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget/packages/microsoft.ml.dnnimagefeaturizer.resnet18/0.23.1/tools/DnnImageModels/ResNet18Onnx/ResNet18.onnx");
            var script = Path.Combine(AppContext.BaseDirectory, "make_resnet_batchable.py");
            using var process = Process.Start("/usr/bin/python3", $"\"{script}\" \"{source}\" \"{model}\"");
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                Console.Error.WriteLine("make_resnet_batchable.py failed (it needs Debian's python3-onnx).");
                return 1;
            }
        }

        var photos = Directory.GetFiles("/usr/lib/python3/dist-packages/sklearn/datasets/images", "*.jpg");
        for (var i = 0; i < images; i++)
        {
            File.Copy(photos[i % photos.Length], Path.Combine(root, "in", $"img-{i:D5}.jpg"), overwrite: true);
        }

        var spec = new RunSpec
        {
            Name = "resnet",
            Input = new InputSpec { Location = "in", Glob = "*.jpg" },
            MiniBatch = new MiniBatchSpec { Files = images },
            Model = new ModelSpec
            {
                Location = "resnet18.onnx",
                InferenceBatchSize = Batch,
                IntraOpThreads = threads,
                Image = new ImagePreprocessing { Width = 224, Height = 224, Channels = ChannelOrder.Bgr, Layout = TensorLayout.Chw, Scale = 1, Mean = [0], Std = [1] },
                Outputs = [new ModelOutputMapping { Name = "Pooling395_Output_0", Column = "features", Layout = ValueLayout.List }],
            },
            Execution = new ExecutionSpec { MaxParallelMiniBatches = 1 },
            Output = new OutputSpec { Path = "out/features.parquet" },
        };
        await using var host = ScoringHost.Create(root);
        var engine = host.Engine;
        var pool = host.Services.GetRequiredService<OnnxSessionPool>();
        await DirectRun.RunAsync(engine, spec with { MiniBatch = new MiniBatchSpec { Files = Batch }, Input = spec.Input with { Glob = "img-0000?.jpg" } }, "warm");

        var session = pool.Get(model, spec.Model).Session;
        var tensor = new float[Batch * 3 * 224 * 224];
        var bare = Stopwatch.StartNew();
        using (var options = new RunOptions())
        {
            for (var start = 0; start < images; start += Batch)
            {
                var n = Math.Min(Batch, images - start);
                using var input = OrtValue.CreateTensorValueFromMemory(tensor.AsMemory(0, n * 3 * 224 * 224).ToArray(), [n, 3, 224, 224]);
                using var outputs = session.Run(options, ["Input247"], [input], ["Pooling395_Output_0"]);
            }
        }

        var bareTime = bare.Elapsed;
        var endToEnd = await Measure.TimeAsync(() => DirectRun.RunAsync(engine, spec, "bench"));
        Console.WriteLine($"ResNet18, {images} JPEG images, batch {Batch}, {threads} intra-op thread(s)");
        Console.WriteLine($"bare ORT Run on prepared tensors {Measure.Seconds(bareTime),9}  {Measure.Rate(images, bareTime)}");
        Console.WriteLine($"end to end (decode, resize, Run, Parquet) {Measure.Seconds(endToEnd),9}  {Measure.Rate(images, endToEnd)}  throughput ratio {bareTime / endToEnd:F3}");
        return 0;
    }
}

using BatchScoring.Core;
using BatchScoring.Core.Data;
using BatchScoring.Core.Scoring;
using BatchScoring.Core.Spec;
using Microsoft.ML.OnnxRuntime;

namespace BatchScoring.Onnx;

/// <summary>
/// The built-in image scorer for file mode: decodes PNG/JPEG (and whatever else Skia reads), resizes (or refuses
/// another size when <c>model.image.resize</c> is false), orders channels (gray, RGB, BGR) and lays them out CHW or
/// HWC, then <c>(pixel * scale - mean) / std</c>. The tensor is reshaped to the model input's shape, so a model
/// taking [N, 64] can score 8x8 gray images. A file that cannot be decoded is an error record.
/// </summary>
public sealed class OnnxImageScorer(OnnxSessionPool pool) : OnnxScorerBase(pool)
{
    private string inputName = "";
    private NodeMetadata? input;
    private ImagePreprocessing image = new();

    public override IReadOnlyList<FeatureInput> FeatureInputs => [];

    public override ValueTask<ScoreResult> ScoreAsync(ScoreRequest request, CancellationToken cancellationToken = default)
    {
        var files = request.Files ?? throw new BatchScoringException("scorer.type: onnx-image scores files; input.mode must be file.");
        var errors = new ItemError?[files.Count];
        var pixels = new float[]?[files.Count];
        var results = AllocateResults(files.Count);
        var node = input!;
        var batchSize = BatchSizeFor(node);
        var fixedBatch = node.Dimensions.Length > 0 && node.Dimensions[0] > 0;

        // One chunk runs on one core, decode then inference; the engine scores a chunk per core at once.
        for (var start = 0; start < files.Count; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var i = start; i < Math.Min(start + batchSize, files.Count); i++)
            {
                (pixels[i], errors[i]) = ImageDecoder.Decode(files[i].Content.Span, image);
            }

            var valid = Enumerable.Range(start, Math.Min(batchSize, files.Count - start)).Where(i => errors[i] is null).ToArray();
            if (valid.Length == 0)
            {
                continue;
            }

            var size = fixedBatch ? batchSize : valid.Length;
            var positions = new int[size];
            var items = new float[size][];
            for (var k = 0; k < size; k++)
            {
                positions[k] = valid[Math.Min(k, valid.Length - 1)];
                items[k] = pixels[positions[k]]!;
            }

            using var tensor = TensorFactory.FromItems(node.ElementDataType, items, ShapeFor(size));
            Run([inputName], [tensor], positions, valid.Length, results);
            for (var i = start; i < Math.Min(start + batchSize, files.Count); i++)
            {
                pixels[i] = null; // decoded images are released batch by batch
            }
        }

        return ValueTask.FromResult(Result(results, files.Count, errors));
    }

    protected override void Initialize(ScorerContext context)
    {
        var metadata = Session.InputMetadata;
        if (metadata.Count != 1)
        {
            throw new BatchScoringException($"model.location: the image scorer feeds one input, the model has {metadata.Count} ({string.Join(", ", metadata.Keys)}).");
        }

        (inputName, input) = (metadata.Keys.Single(), metadata.Values.Single());
        image = Model.Image ?? DefaultsFromModel(input);
        var perImage = (long)image.Width * image.Height * (image.Channels == ChannelOrder.Gray ? 1 : 3);
        var perItem = input.Dimensions.Skip(1).Aggregate(1L, (a, d) => d > 0 && a > 0 ? a * d : -1);
        if (perItem > 0 && perItem != perImage)
        {
            throw new BatchScoringException(
                $"model.image: input '{inputName}' expects shape {Shape(input.Dimensions.Select(d => (long)d))} ({perItem} values per image), " +
                $"but {image.Width}x{image.Height} {image.Channels.ToString().ToLowerInvariant()} images give {perImage}.");
        }
    }

    private long[] ShapeFor(int items)
    {
        var dims = input!.Dimensions;
        var channels = image.Channels == ChannelOrder.Gray ? 1 : 3;
        if (dims.Skip(1).All(d => d > 0))
        {
            return [items, .. dims.Skip(1).Select(d => (long)d)];
        }

        return image.Layout == TensorLayout.Chw ? [items, channels, image.Height, image.Width] : [items, image.Height, image.Width, channels];
    }

    /// <summary>Width, height and layout read from a model input shaped [N,C,H,W] or [N,H,W,C] when the spec gives none.</summary>
    private static ImagePreprocessing DefaultsFromModel(NodeMetadata node)
    {
        var d = node.Dimensions;
        if (d.Length == 4 && d[1] is 1 or 3 && d[2] > 0 && d[3] > 0)
        {
            return new ImagePreprocessing { Channels = d[1] == 1 ? ChannelOrder.Gray : ChannelOrder.Rgb, Height = d[2], Width = d[3], Layout = TensorLayout.Chw };
        }

        if (d.Length == 4 && d[3] is 1 or 3 && d[1] > 0 && d[2] > 0)
        {
            return new ImagePreprocessing { Channels = d[3] == 1 ? ChannelOrder.Gray : ChannelOrder.Rgb, Height = d[1], Width = d[2], Layout = TensorLayout.Hwc };
        }

        throw new BatchScoringException($"model.image: the model's input has shape {Shape(d.Select(x => (long)x))}; give model.image width, height and channels.");
    }
}

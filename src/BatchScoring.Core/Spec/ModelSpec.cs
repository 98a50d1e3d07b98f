using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace BatchScoring.Core.Spec;

/// <summary>The ONNX model and how items map onto its inputs and outputs.</summary>
[Description("The ONNX model and how items map onto its inputs and outputs.")]
public sealed record ModelSpec
{
    public const int DefaultInferenceBatchSize = 1024;

    [Description("Path of the .onnx file in the store. Required by the built-in ONNX scorers.")]
    public string Location { get; init; } = "";

    [Description("Tabular mode: which input columns feed which model input. Default: the model's only input from every column that is not passed through.")]
    public IReadOnlyList<ModelInputMapping> Inputs { get; init; } = [];

    [Description("Which model outputs become result columns, and how. Default: every output, raw.")]
    public IReadOnlyList<ModelOutputMapping> Outputs { get; init; } = [];

    [Description("File mode with the onnx-image scorer: how an image becomes the model's input tensor.")]
    public ImagePreprocessing? Image { get; init; }

    [Description("The onnx-text scorer: the text column, tokenizer, token inputs, pooling and normalisation.")]
    public TextModelSpec? Text { get; init; }

    [Description("cpu (default) or cuda.")]
    public ExecutionProviderKind ExecutionProvider { get; init; } = ExecutionProviderKind.Cpu;

    [Description("CUDA device id.")]
    [Range(0, 64)]
    public int DeviceId { get; init; }

    [Description("When cuda is asked for and its provider cannot load: true falls back to CPU with a warning in the log, false fails.")]
    public bool FallbackToCpu { get; init; } = true;

    [Description("ONNX Runtime intra-op threads per Run call; 0 (the default) means 1: the engine already scores one chunk per core at once, so more threads per call would compete for the same cores. Raise it when few, large items keep the cores idle.")]
    [Range(0, 1024)]
    public int IntraOpThreads { get; init; }

    [Description("ONNX Runtime inter-op threads (parallel execution of independent graph nodes); 0 (the default) means 1.")]
    [Range(0, 1024)]
    public int InterOpThreads { get; init; }

    [Description("Rows, images or texts per ONNX Runtime Run call (default 1024; texts are also bounded by model.text.maxBatchTokens). Models with a fixed batch dimension use theirs.")]
    [Range(1, 1_000_000)]
    public int InferenceBatchSize { get; init; } = DefaultInferenceBatchSize;

    [Description("Whether NaN may be fed to the model; when false a NaN input makes that item an error record.")]
    public bool AllowNaN { get; init; }
}

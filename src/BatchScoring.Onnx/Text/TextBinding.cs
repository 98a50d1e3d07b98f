using System.Globalization;
using BatchScoring.Core;
using BatchScoring.Core.Spec;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace BatchScoring.Onnx.Text;

/// <summary>
/// How <c>model.text</c> meets the model, checked once at initialisation: the token inputs with their element types,
/// the output read, whether it holds a vector per token ([N, T, H]) or per text ([N, H]), its width when known, and a
/// sequence length the model fixes.
/// </summary>
internal sealed record TextBinding(
    IReadOnlyList<TextBinding.TokenInput> Inputs,
    string Output,
    bool PerToken,
    int Hidden,
    int? FixedLength)
{
    /// <summary>The role of a token input: what the scorer writes into it.</summary>
    public enum Role
    {
        Ids,
        Mask,
        Types,
    }

    public static TextBinding Resolve(InferenceSession session, TextModelSpec text)
    {
        var metadata = session.InputMetadata;
        var inputs = new List<TokenInput>
        {
            Input(metadata, text.InputIds, "model.text.inputIds", Role.Ids, text.ElementType),
            Input(metadata, text.AttentionMask, "model.text.attentionMask", Role.Mask, text.ElementType),
        };
        var types = text.TokenTypeIds ?? (metadata.ContainsKey("token_type_ids") ? "token_type_ids" : null);
        if (types is not null)
        {
            inputs.Add(Input(metadata, types, "model.text.tokenTypeIds", Role.Types, text.ElementType));
        }

        foreach (var name in metadata.Keys.Except(inputs.Select(i => i.Name)))
        {
            throw new BatchScoringException($"model.text: the model's input '{name}' is not one of the token inputs (inputIds '{text.InputIds}', attentionMask '{text.AttentionMask}', tokenTypeIds {(types is null ? "none" : $"'{types}'")}); name it there.");
        }

        var dims = metadata[text.InputIds].Dimensions;
        if (dims.Length != 2)
        {
            throw new BatchScoringException($"model.text.inputIds: input '{text.InputIds}' has shape {Shape(dims)}; the text scorer feeds [batch, tokens].");
        }

        if (dims[0] > 0)
        {
            throw new BatchScoringException($"model.text.inputIds: input '{text.InputIds}' has a fixed batch size of {dims[0]}; the text scorer batches texts and needs a symbolic batch dimension (export the model with a dynamic axis).");
        }

        int? fixedLength = dims[1] > 0 ? dims[1] : null;
        if (fixedLength < text.MaxSequenceLength)
        {
            throw new BatchScoringException($"model.text.maxSequenceLength: the model takes exactly {fixedLength} tokens per text, fewer than maxSequenceLength {text.MaxSequenceLength}; set it to {fixedLength} or less.");
        }

        var outputs = session.OutputMetadata;
        var output = text.Output ?? outputs.Keys.First();
        if (!outputs.TryGetValue(output, out var node))
        {
            throw new BatchScoringException($"model.text.output: the model has no output '{output}' (its outputs: {string.Join(", ", outputs.Keys)}).");
        }

        if (!node.IsTensor || node.ElementDataType != TensorElementType.Float || node.Dimensions.Length is not (2 or 3))
        {
            throw new BatchScoringException($"model.text.output: output '{output}' is {node.ElementDataType} {Shape(node.Dimensions)}; the text scorer reads float token vectors [N, T, H] or text vectors [N, H].");
        }

        var perToken = node.Dimensions.Length == 3;
        var hidden = node.Dimensions[^1];
        if (!perToken && text.Pooling != PoolingKind.None)
        {
            throw new BatchScoringException($"model.text.pooling: output '{output}' has shape {Shape(node.Dimensions)}, one vector per text already; use pooling none.");
        }

        if (text.Layout == ValueLayout.Columns && (hidden <= 0 || (perToken && text.Pooling == PoolingKind.None)))
        {
            throw new BatchScoringException($"model.text.layout: output '{output}' gives a vector whose size is known only at run time (shape {Shape(node.Dimensions)}, pooling {text.Pooling.ToString().ToLowerInvariant()}); use layout list.");
        }

        return new TextBinding(inputs, output, perToken, hidden, fixedLength);
    }

    private static TokenInput Input(IReadOnlyDictionary<string, NodeMetadata> metadata, string name, string setting, Role role, TokenElementType? declared)
    {
        if (!metadata.TryGetValue(name, out var node))
        {
            throw new BatchScoringException($"{setting}: the model has no input '{name}' (its inputs: {string.Join(", ", metadata.Keys)}).");
        }

        TokenElementType? type = node.ElementDataType switch
        {
            TensorElementType.Int64 => TokenElementType.Int64,
            TensorElementType.Int32 => TokenElementType.Int32,
            _ => null,
        };
        if (type is null)
        {
            throw new BatchScoringException($"{setting}: input '{name}' takes {node.ElementDataType} values; token inputs are int64 or int32.");
        }

        if (declared is not null && declared != type)
        {
            throw new BatchScoringException($"model.text.elementType: is {declared.ToString()!.ToLowerInvariant()}, but the model's input '{name}' takes {type.ToString()!.ToLowerInvariant()}.");
        }

        return new TokenInput(name, role, type.Value);
    }

    private static string Shape(int[] dims) => "[" + string.Join(",", dims.Select(d => d < 0 ? "N" : d.ToString(CultureInfo.InvariantCulture))) + "]";

    /// <summary>A model input the scorer feeds, what goes into it, and its element type.</summary>
    public sealed record TokenInput(string Name, Role Role, TokenElementType Type);
}

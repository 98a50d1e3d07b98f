using BatchScoring.Core;
using BatchScoring.Core.Data;

namespace BatchScoring.Storage.Formats;

/// <summary>
/// Where each column of one file goes, resolved once per file from its column names: into which feature block at
/// which position (as the element type of that block), into which pass-through column, or nowhere. Every chunk of the
/// file shares it.
/// </summary>
public sealed class FeatureLayout
{
    private FeatureLayout(string path, IReadOnlyList<string> columns, IReadOnlyList<ResolvedInput> inputs, int[] passThrough, ColumnTarget[] targets, IReadOnlyList<TextInput> texts, int[] textIndexes)
    {
        Path = path;
        Columns = columns;
        Inputs = inputs;
        PassThroughIndexes = passThrough;
        Targets = targets;
        Runs = FindRuns(targets);
        Texts = texts;
        TextIndexes = textIndexes;
        TextOf = new int[columns.Count];
        TextOf.AsSpan().Fill(-1);
        for (var t = 0; t < textIndexes.Length; t++)
        {
            TextOf[textIndexes[t]] = t;
        }
    }

    public string Path { get; }

    /// <summary>The file's columns.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Each feature input with its file columns, in the order the block holds them.</summary>
    public IReadOnlyList<ResolvedInput> Inputs { get; }

    /// <summary>The file column of each pass-through column.</summary>
    public int[] PassThroughIndexes { get; }

    /// <summary>The text inputs, in the order of <see cref="TabularBatch.Texts"/>.</summary>
    public IReadOnlyList<TextInput> Texts { get; }

    /// <summary>The file column of each text input.</summary>
    public int[] TextIndexes { get; }

    /// <summary>One per file column: the text input it feeds, or -1.</summary>
    public int[] TextOf { get; }

    /// <summary>One per file column: its first feature target (or none), and further ones when a column feeds several inputs.</summary>
    public ColumnTarget[] Targets { get; }

    /// <summary>
    /// One per file column: the rest of the run of consecutive feature columns it belongs to, from it on (consecutive
    /// file columns going to consecutive positions of one block, as <c>pixel_0 .. pixel_783</c> do), or null. Decoders
    /// read a run in one tight loop.
    /// </summary>
    public FeatureRun?[] Runs { get; }

    /// <summary>
    /// Resolves a request against a file's columns by name: each input's patterns in turn (<see cref="ColumnResolver"/>:
    /// names wherever the file has them, numbered globs in numeric order), pass-through columns left out, no column
    /// twice in one input. Throws naming the file when a pattern matches nothing, a pass-through column is missing, a
    /// column read is named twice in the file, or an input of fixed width gets another number of columns.
    /// </summary>
    public static FeatureLayout Resolve(IReadOnlyList<string> columns, TabularReadRequest request, string path)
    {
        var inputs = new List<ResolvedInput>(request.Features.Count);
        var targets = new ColumnTarget[columns.Count];
        for (var b = 0; b < request.Features.Count; b++)
        {
            var input = request.Features[b];
            var indexes = ColumnResolver.ResolveFeatures(columns, input.Columns, request.PassThroughColumns, path);
            if (input.Width is { } width && indexes.Length != width)
            {
                var names = indexes.Length == 0 ? "none" : indexes.Length <= 4 ? string.Join(", ", indexes.Select(i => columns[i])) : $"{columns[indexes[0]]} .. {columns[indexes[^1]]}";
                throw new BatchScoringException(
                    $"model input '{input.Name}' takes {width} values per row, but the columns {string.Join(", ", input.Columns.Select(p => $"'{p}'"))} of '{path}' give {indexes.Length} ({names}).");
            }

            var size = input.ElementType.Size();
            for (var k = 0; k < indexes.Length; k++)
            {
                var target = new FeatureTarget(b, k * size, input.ElementType, columns[indexes[k]]);
                targets[indexes[k]] = targets[indexes[k]].With(target);
            }

            inputs.Add(new ResolvedInput(input, indexes.Select(i => columns[i]).ToArray(), indexes));
        }

        var passThrough = ColumnResolver.ResolvePassThrough(columns, request.PassThroughColumns, path);
        var texts = ColumnResolver.ResolveTexts(columns, request.Texts, path);
        ColumnResolver.CheckNoDuplicates(columns, inputs.SelectMany(i => i.ColumnIndexes).Concat(passThrough).Concat(texts), path);
        return new FeatureLayout(path, columns, inputs, passThrough, targets, request.Texts, texts);
    }

    /// <summary>Fresh blocks for <paramref name="rows"/> rows, one per input.</summary>
    public FeatureBlock[] CreateBlocks(int rows)
    {
        var blocks = new FeatureBlock[Inputs.Count];
        for (var b = 0; b < blocks.Length; b++)
        {
            blocks[b] = new FeatureBlock(Inputs[b].Input.ElementType, Inputs[b].ColumnNames, rows);
        }

        return blocks;
    }

    /// <summary>Fresh string arrays for <paramref name="rows"/> rows, one per text input.</summary>
    public string?[][] CreateTexts(int rows)
    {
        var texts = new string?[Texts.Count][];
        for (var t = 0; t < texts.Length; t++)
        {
            texts[t] = new string?[rows];
        }

        return texts;
    }

    /// <summary>The text arrays as the batch's text columns, named by their file columns.</summary>
    public DataColumn[] TextColumns(string?[][] texts, int rows)
    {
        var columns = new DataColumn[texts.Length];
        for (var t = 0; t < texts.Length; t++)
        {
            columns[t] = new DataColumn(Columns[TextIndexes[t]], ColumnType.String, texts[t], rows);
        }

        return columns;
    }

    private static FeatureRun?[] FindRuns(ColumnTarget[] targets)
    {
        var runs = new FeatureRun?[targets.Length];
        var c = 0;
        while (c < targets.Length)
        {
            if (targets[c].First is not { } first || targets[c].More is not null)
            {
                c++;
                continue;
            }

            var size = first.Type.Size();
            var end = c + 1;
            while (end < targets.Length && targets[end].More is null && targets[end].First is { } next
                && next.Block == first.Block && next.Type == first.Type && next.Offset == first.Offset + ((end - c) * size))
            {
                end++;
            }

            // Every column of the run starts the rest of it: after a cell the fast path hands back, it resumes at the next.
            for (var j = c; j < end; j++)
            {
                runs[j] = new FeatureRun(j, end - j, first.Block, first.Type, first.Offset + ((j - c) * size));
            }

            c = end;
        }

        return runs;
    }

    /// <summary>Consecutive file columns <see cref="FirstColumn"/> .. + <see cref="Count"/> going to consecutive positions of one block from <see cref="Offset"/>.</summary>
    public sealed record FeatureRun(int FirstColumn, int Count, int Block, FeatureElementType Type, int Offset);

    /// <summary>A feature input resolved against a file.</summary>
    public sealed record ResolvedInput(FeatureInput Input, string[] ColumnNames, int[] ColumnIndexes);

    /// <summary>One destination of a column's value: block <see cref="Block"/>, <see cref="Offset"/> bytes into the row.</summary>
    public sealed record FeatureTarget(int Block, int Offset, FeatureElementType Type, string Column);

    /// <summary>The feature destinations of one file column (usually none or one).</summary>
    public readonly record struct ColumnTarget(FeatureTarget? First, IReadOnlyList<FeatureTarget>? More)
    {
        public bool IsFeature => First is not null;

        public ColumnTarget With(FeatureTarget target) =>
            First is null ? new(target, null) : new(First, [.. More ?? [], target]);
    }
}

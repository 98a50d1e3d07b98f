namespace BatchScoring.Core.Spec;

/// <summary>The text section (<c>model.text</c>) of the onnx-text scorer.</summary>
public static partial class RunSpecValidator
{
    private static void CheckText(RunSpec spec, List<SpecError> errors)
    {
        var scorer = spec.Scorer.ResolveType(spec.Input.Mode);
        var readsText = BuiltInScorers.Find(scorer)?.ReadsText == true;
        if (spec.Model.Text is not { } text)
        {
            if (readsText)
            {
                errors.Add(new("model.text", "is required by scorer.type onnx-text (at least its vocabulary, and its column in tabular mode)"));
            }

            return;
        }

        if (!readsText)
        {
            errors.Add(new("model.text", $"only valid with scorer.type onnx-text, was {Show(scorer)}"));
        }

        if (spec.Input.Mode == InputMode.Tabular && string.IsNullOrWhiteSpace(text.Column))
        {
            errors.Add(new("model.text.column", "is required in tabular mode: the column holding the text"));
        }
        else if (spec.Input.Mode == InputMode.File && text.Column is not null)
        {
            errors.Add(new("model.text.column", $"only valid in tabular mode (input.mode is file: each file is one text), was {Show(text.Column)}"));
        }
        else if (text.Column is not null && spec.Input.PassThroughColumns.Contains(text.Column))
        {
            errors.Add(new("model.text.column", $"is also a pass-through column; pass-through columns are copied, not scored, was {Show(text.Column)}"));
        }

        CheckStorePath("model.text.vocabulary", text.Vocabulary, required: true, errors);
        var inputs = new List<(string Path, string? Name)> { ("model.text.inputIds", text.InputIds), ("model.text.attentionMask", text.AttentionMask) };
        if (text.TokenTypeIds is not null)
        {
            inputs.Add(("model.text.tokenTypeIds", text.TokenTypeIds));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, name) in inputs)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                errors.Add(new(path, "must name a model input"));
            }
            else if (!names.Add(name))
            {
                errors.Add(new(path, $"names the same model input as another token input, was {Show(name)}"));
            }
        }

        if (text.Output is not null && string.IsNullOrWhiteSpace(text.Output))
        {
            errors.Add(new("model.text.output", "must not be empty when given; omit it for the model's first output"));
        }

        if (string.IsNullOrWhiteSpace(text.EmbeddingColumn))
        {
            errors.Add(new("model.text.embeddingColumn", "must not be empty"));
        }
    }
}

using System.Diagnostics;
using System.Text.Json;

namespace BatchScoring.Tests;

/// <summary>
/// Hugging Face's reference BERT tokenizer, the Rust <c>tokenizers</c> crate run by its npm package (tools/tokenizers,
/// pinned): the token ids and the normalized text it gives, to compare the text tokenizer with. Installs the package
/// with <c>npm ci</c> when it is missing, and fails loudly when node or npm is not there.
/// </summary>
internal static class HfTokenizer
{
    private static readonly Lock InstallLock = new();

    /// <summary>Each text's ids, <c>[CLS] ... [SEP]</c>, from a tokenizer built as bert-base-uncased's on <paramref name="vocabularyPath"/>.</summary>
    public static IReadOnlyList<int[]> Ids(string vocabularyPath, IReadOnlyList<string> texts, bool lowerCase = true, bool? stripAccents = null, int? maxLength = null)
    {
        var extra = maxLength is null ? "" : $" --max-length {maxLength}";
        return Run<int[][]>($"ids \"{vocabularyPath}\"", texts, lowerCase, stripAccents ?? lowerCase, extra);
    }

    /// <summary>Each text as BertNormalizer (clean text, Chinese characters, <paramref name="stripAccents"/>, <paramref name="lowerCase"/>) leaves it.</summary>
    public static IReadOnlyList<string> Normalize(IReadOnlyList<string> texts, bool lowerCase, bool stripAccents) =>
        Run<string[]>("normalize", texts, lowerCase, stripAccents, "");

    private static T Run<T>(string command, IReadOnlyList<string> texts, bool lowerCase, bool stripAccents, string extra)
    {
        var tools = Repo.PathOf("tools/tokenizers");
        lock (InstallLock)
        {
            if (!Directory.Exists(Path.Combine(tools, "node_modules", "tokenizers")))
            {
                Run("npm", $"ci --prefix \"{tools}\" --no-audit --no-fund", "install Hugging Face's tokenizers npm package");
            }
        }

        using var temp = new TempFolder();
        var input = temp.Write("texts.json", JsonSerializer.Serialize(texts));
        var flags = $" --lower-case {(lowerCase ? "true" : "false")} --strip-accents {(stripAccents ? "true" : "false")}{extra}";
        var output = Run("node", $"\"{Path.Combine(tools, "bert-ids.mjs")}\" {command} \"{input}\"{flags}", "tokenize with Hugging Face's tokenizers");
        return JsonSerializer.Deserialize<T>(output) ?? throw new InvalidOperationException($"bert-ids.mjs {command} printed null.");
    }

    private static string Run(string tool, string arguments, string purpose)
    {
        Process process;
        try
        {
            process = Process.Start(new ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"'{tool}' is needed to {purpose} but could not be started ({e.Message}); install Node.js and npm (apt-get install nodejs npm).", e);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(300_000))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"'{tool} {arguments}' did not finish in 300 s.");
            }

            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"'{tool} {arguments}' failed to {purpose} (exit {process.ExitCode}): {error.Result}");
            }

            return output.Result;
        }
    }
}

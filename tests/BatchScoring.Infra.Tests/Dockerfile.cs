namespace BatchScoring.Infra.Tests;

/// <summary>
/// A small Dockerfile parser: joins continuation lines, drops comments and empty lines (also inside continued
/// instructions, as Docker does), and groups instructions into build stages by their FROM lines.
/// </summary>
internal sealed class Dockerfile
{
    private Dockerfile(IReadOnlyList<DockerInstruction> instructions)
    {
        Instructions = instructions;
        var stages = new List<DockerStage>();
        foreach (var instruction in instructions)
        {
            if (instruction.Keyword == "FROM")
            {
                var words = instruction.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var image = words.First(word => !word.StartsWith("--", StringComparison.Ordinal));
                var alias = words.Length >= 3 && words[^2].Equals("AS", StringComparison.OrdinalIgnoreCase) ? words[^1] : null;
                stages.Add(new DockerStage(image, alias, new List<DockerInstruction>()));
            }
            else if (stages.Count > 0)
            {
                ((List<DockerInstruction>)stages[^1].Instructions).Add(instruction);
            }
        }

        Stages = stages;
    }

    public IReadOnlyList<DockerInstruction> Instructions { get; }

    public IReadOnlyList<DockerStage> Stages { get; }

    public static Dockerfile Read(string path) => Parse(File.ReadAllText(path));

    public static Dockerfile Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var instructions = new List<DockerInstruction>();
        var pending = new List<string>();
        var startLine = 0;
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (pending.Count == 0)
            {
                startLine = index + 1;
            }

            var continued = line.EndsWith('\\');
            pending.Add(continued ? line[..^1].Trim() : line);
            if (!continued)
            {
                var joined = string.Join(' ', pending.Where(part => part.Length > 0));
                pending.Clear();
                if (joined.Length == 0)
                {
                    continue;
                }

                var space = joined.IndexOf(' ', StringComparison.Ordinal);
                var keyword = (space < 0 ? joined : joined[..space]).ToUpperInvariant();
                var arguments = space < 0 ? string.Empty : joined[(space + 1)..].Trim();
                instructions.Add(new DockerInstruction(keyword, arguments, startLine));
            }
        }

        if (pending.Count > 0)
        {
            throw new FormatException($"The instruction starting on line {startLine} ends with a line continuation.");
        }

        return new Dockerfile(instructions);
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace BatchScoring.Benchmarks.CsvWide;

/// <summary>
/// The csv-wide inputs: a CSV with <c>id</c> and 784 integer pixel columns 0-255 (about half of them 0, as in
/// scanned digits; about 2.2 KB a row), and the MLP of <c>make_csv_wide_model.py</c>. Written once into the
/// gitignored <c>.bench/csv-wide</c> folder of the repository and reused while their size matches.
/// </summary>
internal static class CsvWideData
{
    public const int Width = 784;

    public static string Folder { get; } = Path.Combine(BatchScoring.Tests.Repo.Root, ".bench", "csv-wide");

    /// <summary>Hidden units of the MLP (make_csv_wide_model.py's default; <c>--hidden N</c> changes it).</summary>
    public static int Hidden { get; set; } = 384;

    public static string ModelName => $"mlp-{Hidden}.onnx";

    public static string ModelPath => Path.Combine(Folder, ModelName);

    public static string InputFolder(int rows) => Path.Combine(Folder, $"in-{rows}");

    public static string InputPath(int rows) => Path.Combine(InputFolder(rows), "pixels.csv");

    public static async Task EnsureAsync(int rows)
    {
        Directory.CreateDirectory(Folder);
        if (!File.Exists(ModelPath))
        {
            var script = Path.Combine(AppContext.BaseDirectory, "make_csv_wide_model.py");
            using var process = Process.Start("/usr/bin/python3", $"\"{script}\" \"{ModelPath}\" {Hidden}");
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException("make_csv_wide_model.py failed (it needs Debian's python3-onnx and python3-numpy).");
            }
        }

        var path = InputPath(rows);
        var marker = path + ".rows";
        if (File.Exists(path) && File.Exists(marker) && File.ReadAllText(marker) == rows.ToString(CultureInfo.InvariantCulture))
        {
            return;
        }

        Directory.CreateDirectory(InputFolder(rows));
        Write(path, rows);
        File.WriteAllText(marker, rows.ToString(CultureInfo.InvariantCulture));
    }

    public static string Header() =>
        "id," + string.Join(',', Enumerable.Range(0, Width).Select(i => $"pixel_{i}"));

    private static void Write(string path, int rows)
    {
        var random = new Random(784);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        var line = new StringBuilder(4096);
        file.Write(Encoding.ASCII.GetBytes(Header() + "\n"));
        var bytes = new byte[8192];
        for (var r = 0; r < rows; r++)
        {
            line.Clear().Append(r.ToString(CultureInfo.InvariantCulture));
            for (var c = 0; c < Width; c++)
            {
                var value = random.Next(2) == 0 ? 0 : random.Next(1, 256);
                line.Append(',').Append(value.ToString(CultureInfo.InvariantCulture));
            }

            line.Append('\n');
            var n = Encoding.ASCII.GetBytes(line.ToString(), bytes);
            file.Write(bytes, 0, n);
        }
    }
}

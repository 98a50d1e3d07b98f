using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using BatchScoring.Core;
using BatchScoring.Core.Planning;
using BatchScoring.Core.Scoring;
using BatchScoring.Core.Spec;
using BatchScoring.Onnx;
using BatchScoring.Onnx.Text;
using BatchScoring.Storage;
using Microsoft.Extensions.Logging;

namespace BatchScoring.Engine;

/// <summary>
/// One initialised scorer per scorer configuration per process: the first mini-batch of a run initialises it,
/// every later one (on any thread) reuses it. Built-in scorers share the process's ONNX session pool; a custom
/// scorer is created from its type name with its parameterless constructor. The model, the text vocabulary and side
/// inputs are handed over as local files, in the versions the run's plan pinned (<see cref="PinnedModel"/>): paths of a
/// local store as they are, blobs downloaded once into a cache folder.
/// </summary>
public sealed class ScorerProvider : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<IMiniBatchScorer>>> scorers = new(StringComparer.Ordinal);
    private readonly OnnxSessionPool pool;
    private readonly ILoggerFactory loggerFactory;
    private readonly string cacheFolder;

    public ScorerProvider(OnnxSessionPool pool, ILoggerFactory loggerFactory, string? cacheFolder = null)
    {
        this.pool = pool;
        this.loggerFactory = loggerFactory;
        this.cacheFolder = cacheFolder ?? Path.Combine(Path.GetTempPath(), "batchscoring-cache");
    }

    /// <summary>
    /// The initialised scorer for a spec's model and scorer sections and the model files as <paramref name="model"/>
    /// pinned them: another version of the model (a later run's plan) gets a new scorer, never the old one, and a file
    /// that is no longer the pinned version fails with <see cref="InputChangedException"/>.
    /// </summary>
    public async Task<IMiniBatchScorer> GetAsync(IBlobStore store, RunSpec spec, PinnedModel model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var key = JsonSerializer.Serialize(new { spec.Input.Mode, spec.Model, spec.Scorer, model.Sha256, versions = model.Files.Select(f => f.ETag) }, RunSpecSerializer.Options);
        var lazy = scorers.GetOrAdd(key, _ => new Lazy<Task<IMiniBatchScorer>>(() => CreateAsync(store, spec, model, CancellationToken.None)));
        try
        {
            return await lazy.Value;
        }
        catch
        {
            scorers.TryRemove(key, out _);
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var lazy in scorers.Values)
        {
            if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully && lazy.Value.Result is IDisposable disposable)
            {
                disposable.Dispose();
            }
        }

        scorers.Clear();
    }

    /// <summary>How each built-in scorer (<see cref="BuiltInScorers"/>) is created; every one of them is here.</summary>
    internal static IReadOnlyDictionary<string, Func<OnnxSessionPool, IMiniBatchScorer>> BuiltIns { get; } = new Dictionary<string, Func<OnnxSessionPool, IMiniBatchScorer>>(StringComparer.Ordinal)
    {
        [BuiltInScorers.OnnxTabular.Type] = pool => new OnnxTabularScorer(pool),
        [BuiltInScorers.OnnxImage.Type] = pool => new OnnxImageScorer(pool),
        [BuiltInScorers.OnnxText.Type] = pool => new OnnxTextScorer(pool),
        [BuiltInScorers.NoOp.Type] = _ => new NoOpScorer(),
    };

    private async Task<IMiniBatchScorer> CreateAsync(IBlobStore store, RunSpec spec, PinnedModel model, CancellationToken cancellationToken)
    {
        var type = spec.Scorer.ResolveType(spec.Input.Mode);
        var scorer = BuiltIns.TryGetValue(type, out var create) ? create(pool) : CreateCustom(type);
        var modelPath = string.IsNullOrEmpty(spec.Model.Location) ? null : await LocalPathAsync(store, model, spec.Model.Location, "model.location", cancellationToken);
        var sideInputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, path) in spec.Scorer.SideInputs)
        {
            sideInputs[name] = await LocalPathAsync(store, model, path, $"scorer.sideInputs.{name}", cancellationToken);
        }

        var vocabularyPath = string.IsNullOrEmpty(spec.Model.Text?.Vocabulary) ? null : await LocalPathAsync(store, model, spec.Model.Text.Vocabulary, "model.text.vocabulary", cancellationToken);
        var context = new ScorerContext(spec, modelPath, sideInputs, loggerFactory)
        {
            VocabularyPath = vocabularyPath,
            ModelHash = model.Sha256.Length > 0 ? model.Sha256 : null,
        };
        await scorer.InitializeAsync(context, cancellationToken);
        loggerFactory.CreateLogger<ScorerProvider>().ScorerInitialised(type, spec.Name);
        return scorer;
    }

    private static IMiniBatchScorer CreateCustom(string typeName)
    {
        Type? type;
        try
        {
            type = Type.GetType(typeName, throwOnError: false) ?? BesideHost(typeName);
        }
        catch (Exception e) when (e is FileLoadException or BadImageFormatException or ArgumentException)
        {
            throw new BatchScoringException($"scorer.type: '{typeName}' could not be loaded: {e.Message}", e);
        }

        if (type is null)
        {
            throw new BatchScoringException($"scorer.type: no type '{typeName}' was found; give the assembly-qualified name ('Namespace.Type, Assembly') of a class in an assembly beside the host.");
        }

        if (!typeof(IMiniBatchScorer).IsAssignableFrom(type) || type.IsAbstract || type.GetConstructor(Type.EmptyTypes) is null)
        {
            throw new BatchScoringException($"scorer.type: '{type.FullName}' must be a non-abstract class implementing {nameof(IMiniBatchScorer)} with a public parameterless constructor.");
        }

        return (IMiniBatchScorer)Activator.CreateInstance(type)!;
    }

    /// <summary>
    /// A type of an assembly beside the host that is not one of the host's own dependencies (its deps.json), as a scorer
    /// assembly copied next to <c>batchscore</c> or the Functions app is: the default load context does not probe
    /// the application folder for those.
    /// </summary>
    private static Type? BesideHost(string typeName)
    {
        var comma = typeName.IndexOf(',', StringComparison.Ordinal);
        if (comma < 0)
        {
            return null;
        }

        var assemblyName = new AssemblyName(typeName[(comma + 1)..].Trim()).Name;
        var path = Path.Combine(AppContext.BaseDirectory, $"{assemblyName}.dll");
        return File.Exists(path) ? AssemblyLoadContext.Default.LoadFromAssemblyPath(path).GetType(typeName[..comma].Trim(), throwOnError: false) : null;
    }

    /// <summary>The pinned version of a model file as a local file.</summary>
    private async Task<string> LocalPathAsync(IBlobStore store, PinnedModel model, string path, string setting, CancellationToken cancellationToken)
    {
        var file = model.FileOf(path) ?? throw new BatchScoringException($"{setting}: '{path}' is not one of the model files the run's plan pinned ({string.Join(", ", model.Files.Select(f => f.Path))}).");
        return await store.GetLocalFileAsync(BlobInfo.Of(file), cacheFolder, cancellationToken);
    }
}

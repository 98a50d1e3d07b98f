using System.ComponentModel.DataAnnotations;
using BatchScoring.Core.Spec;

namespace BatchScoring.Functions.Options;

/// <summary>
/// The app's own settings, section <c>BatchScoring</c> (app settings <c>BatchScoring__*</c>). The three containers
/// are set by infra/main.bicep (a models container apart from the specs container is optional); schedules and blob-run
/// rules are the operator's. Every run is kept in the containers (<see cref="Containers"/>).
/// </summary>
public sealed class BatchScoringOptions
{
    public const string Section = "BatchScoring";

    /// <summary>Largest request body the HTTP API reads (a run spec is a few KB).</summary>
    public const int DefaultMaxRequestBodyBytes = 256 * 1024;

    private const string ContainerPattern = "^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$";

    /// <summary>Container whose new blobs start runs (the blob trigger's path is <c>%BatchScoring:InputsContainer%/{name}</c>).</summary>
    [Required(ErrorMessage = "Set the app setting BatchScoring__InputsContainer: the container whose new blobs start runs.")]
    [RegularExpression(ContainerPattern, ErrorMessage = "The app setting BatchScoring__InputsContainer must be a container name: 3-63 lower-case letters, digits and single hyphens.")]
    public string InputsContainer { get; set; } = "";

    /// <summary>Container results are written to (the default output folder of blob-started runs).</summary>
    [Required(ErrorMessage = "Set the app setting BatchScoring__OutputsContainer: the container results are written to.")]
    [RegularExpression(ContainerPattern, ErrorMessage = "The app setting BatchScoring__OutputsContainer must be a container name: 3-63 lower-case letters, digits and single hyphens.")]
    public string OutputsContainer { get; set; } = "";

    /// <summary>Container holding run specs (and, unless <see cref="ModelsContainer"/> is set, models); <c>{"specName": "x.json"}</c> reads <c>{SpecsContainer}/x.json</c>.</summary>
    [Required(ErrorMessage = "Set the app setting BatchScoring__SpecsContainer: the container holding run specs.")]
    [RegularExpression(ContainerPattern, ErrorMessage = "The app setting BatchScoring__SpecsContainer must be a container name: 3-63 lower-case letters, digits and single hyphens.")]
    public string SpecsContainer { get; set; } = "";

    /// <summary>
    /// Container runs load their models, vocabularies and side inputs from; unset or empty: <see cref="SpecsContainer"/>.
    /// The app's identity needs read access to it (infra grants it on the specs container only).
    /// </summary>
    [RegularExpression(ContainerPattern, ErrorMessage = "The app setting BatchScoring__ModelsContainer must be a container name: 3-63 lower-case letters, digits and single hyphens (or unset: models are in the specs container).")]
    public string? ModelsContainer { get; set; }

    /// <summary>Request bodies larger than this are refused with 413 before they are parsed.</summary>
    [Range(1024, 4 * 1024 * 1024, ErrorMessage = "The app setting BatchScoring__MaxRequestBodyBytes must be from 1024 to 4194304.")]
    public int MaxRequestBodyBytes { get; set; } = DefaultMaxRequestBodyBytes;

    /// <summary>
    /// The containers every run of the app is kept in: inputs in <see cref="InputsContainer"/>, models, vocabularies and
    /// side inputs in <see cref="ModelsContainer"/> (or <see cref="SpecsContainer"/>), outputs in <see cref="OutputsContainer"/>.
    /// </summary>
    public SpecContainers Containers => new(InputsContainer, OutputsContainer, string.IsNullOrEmpty(ModelsContainer) ? SpecsContainer : ModelsContainer);

    /// <summary>Scheduled runs by name (<c>BatchScoring__Schedules__nightly__Cron</c>, <c>..__Spec</c>).</summary>
    public Dictionary<string, ScheduleOptions> Schedules { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Blob-arrival rules by name (<c>BatchScoring__BlobRuns__churn__Prefix</c>, <c>..__Spec</c>).</summary>
    public Dictionary<string, BlobRunOptions> BlobRuns { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

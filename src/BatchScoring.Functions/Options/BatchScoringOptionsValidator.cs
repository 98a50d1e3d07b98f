using System.Text.RegularExpressions;
using BatchScoring.Functions.Runs;
using Microsoft.Extensions.Options;

namespace BatchScoring.Functions.Options;

/// <summary>The rules across settings: schedules and blob-run rules, and containers that must differ.</summary>
public sealed partial class BatchScoringOptionsValidator : IValidateOptions<BatchScoringOptions>
{
    public ValidateOptionsResult Validate(string? name, BatchScoringOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!string.IsNullOrEmpty(options.InputsContainer) && string.Equals(options.InputsContainer, options.OutputsContainer, StringComparison.Ordinal))
        {
            errors.Add($"The app settings BatchScoring__InputsContainer and BatchScoring__OutputsContainer must differ (both '{options.InputsContainer}'): results written to the inputs container would start new runs.");
        }

        // Runs write into the outputs container only: a spec or a model kept there could be overwritten by a run.
        foreach (var (setting, container) in new[] { ("BatchScoring__SpecsContainer", options.SpecsContainer), ("BatchScoring__ModelsContainer", options.ModelsContainer) })
        {
            if (!string.IsNullOrEmpty(container) && string.Equals(container, options.OutputsContainer, StringComparison.Ordinal))
            {
                errors.Add($"The app settings {setting} and BatchScoring__OutputsContainer must differ (both '{container}'): runs write into the outputs container, and could overwrite the specs and models kept there.");
            }
        }

        foreach (var (schedule, settings) in options.Schedules)
        {
            var prefix = $"BatchScoring__Schedules__{schedule}";
            CheckName(schedule, prefix, errors);
            if (string.IsNullOrWhiteSpace(settings.Cron))
            {
                errors.Add($"Set the app setting {prefix}__Cron: when the run starts, a CRON expression in UTC.");
            }
            else if (!CronSchedule.TryParse(settings.Cron, out _, out var problem))
            {
                errors.Add($"The app setting {prefix}__Cron is not a CRON expression ('{settings.Cron}'): {problem}");
            }

            CheckSpec(settings.Spec, prefix, errors);
        }

        foreach (var (rule, settings) in options.BlobRuns)
        {
            var prefix = $"BatchScoring__BlobRuns__{rule}";
            CheckName(rule, prefix, errors);
            CheckSpec(settings.Spec, prefix, errors);
            if (settings.Prefix.StartsWith('/') || settings.Prefix.Contains('\\', StringComparison.Ordinal))
            {
                errors.Add($"The app setting {prefix}__Prefix is a blob-name prefix inside the inputs container, without a leading '/' (was '{settings.Prefix}').");
            }

            if (settings.GroupWindowSeconds is < 0 or > 3600)
            {
                errors.Add($"The app setting {prefix}__GroupWindowSeconds must be from 0 (one run per blob) to 3600, was {settings.GroupWindowSeconds}.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckName(string name, string setting, List<string> errors)
    {
        if (!NamePattern().IsMatch(name))
        {
            errors.Add($"The name in {setting} must be 1-32 letters, digits, '-' or '_' (it becomes part of run instance ids).");
        }
    }

    private static void CheckSpec(string spec, string setting, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(spec))
        {
            errors.Add($"Set the app setting {setting}__Spec: the name of a spec blob in the specs container.");
        }
        else if (!SpecSource.IsValidName(spec))
        {
            errors.Add($"The app setting {setting}__Spec must be a blob name in the specs container without '.' or '..' segments or a leading '/', was '{spec}'.");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    private static partial Regex NamePattern();
}

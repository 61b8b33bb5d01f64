namespace ModelService.Trainer.Data;

/// <summary>A sensitive column's value (its group) for each row, kept as text so any grouping works.</summary>
public sealed record SensitiveColumn(string Name, string[] Groups);

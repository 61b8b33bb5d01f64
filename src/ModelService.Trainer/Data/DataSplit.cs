namespace ModelService.Trainer.Data;

/// <summary>A seeded shuffle into training and validation rows, so a job trained twice splits the same way.</summary>
public sealed record DataSplit(TabularDataset Train, TabularDataset Validation)
{
    public static DataSplit Create(TabularDataset data, double validationFraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        var order = Enumerable.Range(0, data.Rows).ToArray();
        new Random(seed).Shuffle(order);
        var validationRows = Math.Clamp((int)Math.Round(data.Rows * validationFraction), 1, data.Rows - 1);
        return new DataSplit(data.Select(order[validationRows..]), data.Select(order[..validationRows]));
    }
}

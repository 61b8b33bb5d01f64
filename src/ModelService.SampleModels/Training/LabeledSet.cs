namespace ModelService.SampleModels.Training;

/// <summary>Rows of float features with an integer class label each.</summary>
public sealed record LabeledSet(float[][] Features, int[] Labels, int Classes)
{
    public int Count => Labels.Length;

    public int Width => Features[0].Length;
}

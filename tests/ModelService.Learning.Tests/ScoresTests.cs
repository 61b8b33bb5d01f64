namespace ModelService.Learning.Tests;

public sealed class ScoresTests
{
    [Fact]
    public void Arg_max_names_the_first_of_equal_largest_values()
    {
        Assert.Equal(1, Scores.ArgMax([0f, 5f, 5f, -1f]));
        Assert.Equal(2, Scores.ArgMax([float.NegativeInfinity, -3f, -2f]));
    }

    [Fact]
    public void Accuracy_is_the_share_of_rows_whose_arg_max_is_the_label()
    {
        float[] output = [0.9f, 0.1f, 0.2f, 0.8f, 0.6f, 0.4f, 0.3f, 0.7f];

        Assert.Equal(0.75, Scores.Accuracy(output, [0f, 1f, 1f, 1f], rows: 4));
    }
}

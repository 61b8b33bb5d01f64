namespace ModelService.Learning.Tests;

public sealed class LossFunctionTests
{
    [Fact]
    public void Cross_entropy_of_equal_logits_is_log_of_the_class_count_and_its_gradient_is_softmax_minus_one_hot_over_rows()
    {
        var (loss, gradient) = new SoftmaxCrossEntropy().Mean([2f, 2f, 2f, 2f, 0f, 0f, 0f, 0f], [1f, 3f], rows: 2);

        Assert.Equal(Math.Log(4), loss, 1e-9);
        Assert.Equal([0.125f, -0.375f, 0.125f, 0.125f, 0.125f, 0.125f, 0.125f, -0.375f], gradient, (a, b) => MathF.Abs(a - b) < 1e-7f);
    }

    [Fact]
    public void Cross_entropy_stays_finite_for_logits_that_would_overflow_exp()
    {
        var (loss, gradient) = new SoftmaxCrossEntropy().Mean([1000f, 0f], [1f], rows: 1);

        Assert.Equal(1000, loss, 1e-6);
        Assert.Equal([1f, -1f], gradient);
    }

    [Fact]
    public void Squared_error_is_the_mean_square_and_its_gradient_twice_the_error_over_rows()
    {
        var (loss, gradient) = new SquaredError().Mean([3f, -1f], [1f, 0f], rows: 2);

        Assert.Equal(2.5, loss, 1e-9);
        Assert.Equal([2f, -1f], gradient);
    }
}

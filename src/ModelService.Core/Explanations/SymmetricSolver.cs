namespace ModelService.Core.Explanations;

/// <summary>Solves A·x = b for a small symmetric positive semi-definite A by Cholesky, with a tiny ridge so that a rank-deficient sample still solves.</summary>
internal sealed class SymmetricSolver
{
    private const double Ridge = 1e-10;

    private readonly double[,] _lower;
    private readonly int _size;

    public SymmetricSolver(double[,] matrix)
    {
        _size = matrix.GetLength(0);
        _lower = new double[_size, _size];
        var scale = 0.0;
        for (var i = 0; i < _size; i++)
        {
            scale = Math.Max(scale, matrix[i, i]);
        }

        for (var i = 0; i < _size; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = matrix[i, j] + (i == j ? Ridge * Math.Max(scale, 1e-300) : 0);
                for (var k = 0; k < j; k++)
                {
                    sum -= _lower[i, k] * _lower[j, k];
                }

                _lower[i, j] = i == j ? Math.Sqrt(Math.Max(sum, 1e-300)) : sum / _lower[j, j];
            }
        }
    }

    public double[] Solve(double[] rhs)
    {
        var y = new double[_size];
        for (var i = 0; i < _size; i++)
        {
            var sum = rhs[i];
            for (var k = 0; k < i; k++)
            {
                sum -= _lower[i, k] * y[k];
            }

            y[i] = sum / _lower[i, i];
        }

        var x = new double[_size];
        for (var i = _size - 1; i >= 0; i--)
        {
            var sum = y[i];
            for (var k = i + 1; k < _size; k++)
            {
                sum -= _lower[k, i] * x[k];
            }

            x[i] = sum / _lower[i, i];
        }

        return x;
    }
}

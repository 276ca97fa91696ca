package dev.cdnsim.topology.workload;

import java.util.SplittableRandom;

/**
 * A Zipf distribution over the ranks {@code 1..objects}: rank {@code k} has probability
 * proportional to {@code 1 / k^alpha}, so rank 1 is the most popular and {@code alpha = 0} is
 * uniform.
 *
 * <p>Sampling is O(1) in time and memory per sample, whatever the number of objects, by
 * rejection-inversion (W. Hörmann and G. Derflinger, "Rejection-inversion to generate variates
 * from monotone discrete distributions", ACM TOMACS 6(3), 1996), in the form Apache Commons RNG
 * uses: the integral of the hat function is written {@code H(x) = (x^(1-alpha) - 1) / (1-alpha)},
 * which has a finite limit at {@code alpha = 1}, so one formula serves every exponent. The
 * expected number of uniform draws per sample is below 1.1 for the exponents a CDN sees.
 *
 * <p>Instances are immutable and thread-safe; the randomness is the caller's.
 */
public final class ZipfDistribution {
  /** Below this, {@code log1p(x)/x} and {@code expm1(x)/x} are taken from their Taylor series. */
  private static final double TAYLOR_THRESHOLD = 1e-8;
  /** Ranks summed term by term before the normalising constant switches to Euler–Maclaurin. */
  private static final int EXACT_TERMS = 1_000;

  private final int objects;
  private final double alpha;
  private final double hIntegralX1;
  private final double hIntegralObjects;
  private final double squeeze;
  private final double normalisation;

  /**
   * Creates the distribution.
   *
   * @param objects number of ranks, at least 1
   * @param alpha exponent, finite and at least 0
   */
  public ZipfDistribution(int objects, double alpha) {
    if (objects < 1) {
      throw new IllegalArgumentException("objects must be at least 1: " + objects);
    }
    if (!(alpha >= 0) || Double.isInfinite(alpha)) {
      throw new IllegalArgumentException("alpha must be finite and at least 0: " + alpha);
    }
    this.objects = objects;
    this.alpha = alpha;
    this.hIntegralX1 = hIntegral(1.5) - 1.0;
    this.hIntegralObjects = hIntegral(objects + 0.5);
    this.squeeze = 2.0 - hIntegralInverse(hIntegral(2.5) - h(2.0));
    this.normalisation = harmonic(objects);
  }

  /** Returns the number of ranks. */
  public int objects() {
    return objects;
  }

  /** Returns the exponent. */
  public double alpha() {
    return alpha;
  }

  /**
   * Draws one rank in {@code 1..objects()}; the same sequence of {@code random} gives the same
   * sequence of ranks.
   */
  public int sample(SplittableRandom random) {
    while (true) {
      // u is uniform in (hIntegralX1, hIntegralObjects]; its inverse image under H is the hat.
      double u = hIntegralObjects + random.nextDouble() * (hIntegralX1 - hIntegralObjects);
      double x = hIntegralInverse(u);
      int k = (int) (x + 0.5);
      if (k < 1) {
        k = 1;
      } else if (k > objects) {
        k = objects;
      }
      // The squeeze accepts most draws without evaluating H again.
      if (k - x <= squeeze || u >= hIntegral(k + 0.5) - h(k)) {
        return k;
      }
    }
  }

  /** Returns the probability of {@code rank}, or 0 outside {@code 1..objects()}. */
  public double probability(int rank) {
    if (rank < 1 || rank > objects) {
      return 0.0;
    }
    return h(rank) / normalisation;
  }

  /** Returns the generalised harmonic number {@code sum(k = 1..n) k^-alpha}, the normaliser. */
  private double harmonic(int n) {
    double sum = 0.0;
    int exact = Math.min(n, EXACT_TERMS);
    // Smallest terms first, so that rounding does not swallow them.
    for (int k = exact; k >= 1; k--) {
      sum += h(k);
    }
    if (n == exact) {
      return sum;
    }
    // Euler–Maclaurin for k = m..n (m = exact + 1): the integral, the end points, and two
    // derivative corrections; with m > 1000 the remainder is far below double precision.
    double m = exact + 1.0;
    double tail = (hIntegral(n) - hIntegral(m)) + (h(m) + h(n)) / 2.0
        + (derivative(n) - derivative(m)) / 12.0
        - (thirdDerivative(n) - thirdDerivative(m)) / 720.0;
    return sum + tail;
  }

  private double derivative(double x) {
    return -alpha * h(x) / x;
  }

  private double thirdDerivative(double x) {
    return -alpha * (alpha + 1) * (alpha + 2) * h(x) / (x * x * x);
  }

  /** The hat function {@code x^-alpha}. */
  private double h(double x) {
    return Math.exp(-alpha * Math.log(x));
  }

  /** {@code H(x) = (x^(1-alpha) - 1) / (1-alpha)}, or {@code log x} at {@code alpha = 1}. */
  private double hIntegral(double x) {
    double logX = Math.log(x);
    return expm1OverX((1.0 - alpha) * logX) * logX;
  }

  /** The inverse of {@link #hIntegral}. */
  private double hIntegralInverse(double x) {
    double t = x * (1.0 - alpha);
    if (t < -1.0) {
      t = -1.0; // only reached through rounding at the lower end
    }
    return Math.exp(log1pOverX(t) * x);
  }

  private static double log1pOverX(double x) {
    if (Math.abs(x) > TAYLOR_THRESHOLD) {
      return Math.log1p(x) / x;
    }
    return 1.0 - x * (0.5 - x * (1.0 / 3.0 - 0.25 * x));
  }

  private static double expm1OverX(double x) {
    if (Math.abs(x) > TAYLOR_THRESHOLD) {
      return Math.expm1(x) / x;
    }
    return 1.0 + x * 0.5 * (1.0 + x * (1.0 / 3.0) * (1.0 + 0.25 * x));
  }

  @Override
  public String toString() {
    return "Zipf(objects=" + objects + ", alpha=" + alpha + ")";
  }
}

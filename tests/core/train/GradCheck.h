#pragma once
// Central finite differences against analytic gradients, shared by the trainer's tests.
// The loss is evaluated in double from float forward passes, so eps is chosen large enough
// (1e-3..1e-2 of O(1) inputs) that float rounding stays well under the tolerance.

#include <QString>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <functional>
#include <random>
#include <vector>

namespace triad::train::testing {

inline std::vector<float> randomVector(size_t n, uint32_t seed, float sigma = 1.0f, float mean = 0.0f)
{
    std::mt19937 rng(seed);
    std::normal_distribution<float> dist(mean, sigma);
    std::vector<float> v(n);
    for (float& x : v)
        x = dist(rng);
    return v;
}

/** Σ c_i y_i in double: the scalar every op test differentiates. */
inline double project(const std::vector<float>& y, const std::vector<float>& c)
{
    double s = 0.0;
    for (size_t i = 0; i < y.size(); ++i)
        s += double(y[i]) * double(c[i]);
    return s;
}

struct GradTolerance {
    double eps = 5e-3;
    double absolute = 2e-3;
    double relative = 2e-2;
    size_t maxChecks = 160; ///< elements checked, evenly spread over the tensor
};

/**
 * Perturbs each checked element of @p param by ±eps, calls @p loss, and compares the central
 * difference with @p analytic. Returns "" when all agree, else what was expected and got.
 */
inline QString checkGradient(const char* what, std::vector<float>& param, const std::vector<float>& analytic,
                             const std::function<double()>& loss, const GradTolerance& tol = {})
{
    if (param.size() != analytic.size())
        return QStringLiteral("%1: %2 gradients for %3 parameters").arg(what).arg(analytic.size()).arg(param.size());
    const size_t step = std::max<size_t>(1, param.size() / tol.maxChecks);
    double worst = 0.0;
    QString report;
    for (size_t i = 0; i < param.size(); i += step) {
        const float saved = param[i];
        param[i] = saved + float(tol.eps);
        const double up = loss();
        param[i] = saved - float(tol.eps);
        const double down = loss();
        param[i] = saved;
        // The perturbation actually applied in float, not the nominal eps.
        const double h = double(saved + float(tol.eps)) - double(saved - float(tol.eps));
        const double numeric = (up - down) / h;
        const double err = std::fabs(numeric - double(analytic[i]));
        const double allowed = tol.absolute + tol.relative * std::max(std::fabs(numeric), std::fabs(double(analytic[i])));
        if (err > allowed && err / allowed > worst) {
            worst = err / allowed;
            report = QStringLiteral("%1[%2]: finite difference %3, analytic gradient %4 (error %5, allowed %6)")
                         .arg(what)
                         .arg(i)
                         .arg(numeric, 0, 'g', 7)
                         .arg(double(analytic[i]), 0, 'g', 7)
                         .arg(err, 0, 'g', 3)
                         .arg(allowed, 0, 'g', 3);
        }
    }
    return report;
}

} // namespace triad::train::testing

#include "core/engine/Quantize.h"

#include "core/engine/Fp16.h"
#include "core/engine/QuantBlocks.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstring>

namespace triad::engine {

namespace {

int nearestInt(float v) { return int(std::nearbyint(v)); }

/** The element with the largest magnitude, sign kept (symmetric formats map it to -qmax). */
float signedAbsMax(const float* x, int n)
{
    float best = 0.0f;
    for (int i = 0; i < n; ++i)
        if (std::fabs(x[i]) > std::fabs(best))
            best = x[i];
    return best;
}

void quantQ4_0(const float* x, BlockQ4_0* b, int64_t nb)
{
    for (int64_t i = 0; i < nb; ++i, x += kQk) {
        const float max = signedAbsMax(x, kQk);
        const float d = max / -8.0f;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        b[i].d = fp32ToFp16(d);
        for (int j = 0; j < kQk / 2; ++j) {
            const int lo = std::min(15, int(x[j] * id + 8.5f));
            const int hi = std::min(15, int(x[j + 16] * id + 8.5f));
            b[i].qs[j] = uint8_t(lo | (hi << 4));
        }
    }
}

void quantQ4_1(const float* x, BlockQ4_1* b, int64_t nb)
{
    for (int64_t i = 0; i < nb; ++i, x += kQk) {
        const auto [mn, mx] = std::minmax_element(x, x + kQk);
        const float d = (*mx - *mn) / 15.0f;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        b[i].d = fp32ToFp16(d);
        b[i].m = fp32ToFp16(*mn);
        for (int j = 0; j < kQk / 2; ++j) {
            const int lo = std::min(15, int((x[j] - *mn) * id + 0.5f));
            const int hi = std::min(15, int((x[j + 16] - *mn) * id + 0.5f));
            b[i].qs[j] = uint8_t(lo | (hi << 4));
        }
    }
}

void storeU32(uint8_t* p, uint32_t v)
{
    for (int k = 0; k < 4; ++k)
        p[k] = uint8_t(v >> (8 * k));
}

void quantQ5_0(const float* x, BlockQ5_0* b, int64_t nb)
{
    for (int64_t i = 0; i < nb; ++i, x += kQk) {
        const float max = signedAbsMax(x, kQk);
        const float d = max / -16.0f;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        b[i].d = fp32ToFp16(d);
        uint32_t qh = 0;
        for (int j = 0; j < kQk / 2; ++j) {
            const int lo = std::min(31, int(x[j] * id + 16.5f));
            const int hi = std::min(31, int(x[j + 16] * id + 16.5f));
            b[i].qs[j] = uint8_t((lo & 15) | ((hi & 15) << 4));
            qh |= uint32_t(lo >> 4) << j;
            qh |= uint32_t(hi >> 4) << (j + 16);
        }
        storeU32(b[i].qh, qh);
    }
}

void quantQ5_1(const float* x, BlockQ5_1* b, int64_t nb)
{
    for (int64_t i = 0; i < nb; ++i, x += kQk) {
        const auto [mn, mx] = std::minmax_element(x, x + kQk);
        const float d = (*mx - *mn) / 31.0f;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        b[i].d = fp32ToFp16(d);
        b[i].m = fp32ToFp16(*mn);
        uint32_t qh = 0;
        for (int j = 0; j < kQk / 2; ++j) {
            const int lo = std::min(31, int((x[j] - *mn) * id + 0.5f));
            const int hi = std::min(31, int((x[j + 16] - *mn) * id + 0.5f));
            b[i].qs[j] = uint8_t((lo & 15) | ((hi & 15) << 4));
            qh |= uint32_t(lo >> 4) << j;
            qh |= uint32_t(hi >> 4) << (j + 16);
        }
        storeU32(b[i].qh, qh);
    }
}

/**
 * Fits x ≈ scale * q - offset with q in [0, qMax] and offset >= 0, by trying several
 * initial scales and refining each with a least-squares solve for (scale, offset).
 */
void fitScaleOffset(const float* x, int n, int qMax, float& scaleOut, float& offsetOut)
{
    float mn = std::min(0.0f, *std::min_element(x, x + n));
    const float mx = *std::max_element(x, x + n);
    if (mx <= mn) {
        scaleOut = 0.0f;
        offsetOut = -mn;
        return;
    }
    float bestErr = INFINITY;
    scaleOut = (mx - mn) / float(qMax);
    offsetOut = -mn;
    for (int step = -6; step <= 10; ++step) {
        const float iscale = (float(qMax) + 0.1f * float(step)) / (mx - mn);
        // q for this trial, then the best (scale, min) for those q.
        double sq = 0, sq2 = 0, sx = 0, sqx = 0;
        std::array<int, 32> q{};
        for (int i = 0; i < n; ++i) {
            q[size_t(i)] = std::clamp(nearestInt(iscale * (x[i] - mn)), 0, qMax);
            sq += q[size_t(i)];
            sq2 += double(q[size_t(i)]) * q[size_t(i)];
            sx += x[i];
            sqx += double(q[size_t(i)]) * x[i];
        }
        const double det = double(n) * sq2 - sq * sq;
        if (det <= 0)
            continue;
        double scale = (double(n) * sqx - sq * sx) / det;
        double mnFit = (sq2 * sx - sq * sqx) / det;
        if (mnFit > 0) { // the offset must be a subtraction: refit the scale alone
            mnFit = 0;
            scale = sq2 > 0 ? sqx / sq2 : 0;
        }
        if (scale <= 0)
            continue;
        double err = 0;
        for (int i = 0; i < n; ++i) {
            const int qi = std::clamp(nearestInt(float((x[i] - mnFit) / scale)), 0, qMax);
            const double diff = scale * qi + mnFit - x[i];
            err += diff * diff;
        }
        if (err < bestErr) {
            bestErr = float(err);
            scaleOut = float(scale);
            offsetOut = float(-mnFit);
        }
    }
}

/** Packs 8 six-bit scales and mins the way kQuantScaleMin() unpacks them. */
void packKScales(const uint8_t* ls, const uint8_t* lm, uint8_t* s)
{
    std::memset(s, 0, kKScaleBytes);
    for (int j = 0; j < 8; ++j) {
        if (j < 4) {
            s[j] |= ls[j] & 63;
            s[j + 4] |= lm[j] & 63;
        } else {
            s[j + 4] = uint8_t((ls[j] & 15) | ((lm[j] & 15) << 4));
            s[j - 4] |= uint8_t((ls[j] >> 4) << 6);
            s[j] |= uint8_t((lm[j] >> 4) << 6);
        }
    }
}

/** Shared by Q4_K (qMax 15) and Q5_K (qMax 31): per 32 values a 6-bit scale and min. */
void quantKWithMins(const float* x, int qMax, uint16_t& dOut, uint16_t& dminOut, uint8_t* scales, uint8_t* q)
{
    float sc[8], off[8];
    for (int j = 0; j < 8; ++j)
        fitScaleOffset(x + 32 * j, 32, qMax, sc[j], off[j]);
    const float maxScale = *std::max_element(sc, sc + 8);
    const float maxOffset = *std::max_element(off, off + 8);
    const float d = maxScale / 63.0f, dmin = maxOffset / 63.0f;
    uint8_t ls[8], lm[8];
    for (int j = 0; j < 8; ++j) {
        ls[j] = uint8_t(d > 0 ? std::clamp(nearestInt(sc[j] / d), 0, 63) : 0);
        lm[j] = uint8_t(dmin > 0 ? std::clamp(nearestInt(off[j] / dmin), 0, 63) : 0);
    }
    packKScales(ls, lm, scales);
    dOut = fp32ToFp16(d);
    dminOut = fp32ToFp16(dmin);
    // Quantize against the scales as stored (f16 d, 6-bit factors) so rounding errors of
    // the scales themselves are partly absorbed.
    const float dStored = fp16ToFp32(dOut), dminStored = fp16ToFp32(dminOut);
    for (int j = 0; j < 8; ++j) {
        const float step = dStored * ls[j];
        const float offset = dminStored * lm[j];
        for (int i = 0; i < 32; ++i)
            q[32 * j + i] = uint8_t(step > 0 ? std::clamp(nearestInt((x[32 * j + i] + offset) / step), 0, qMax) : 0);
    }
}

void quantQ4_K(const float* x, BlockQ4_K* b, int64_t nb)
{
    for (int64_t i = 0; i < nb; ++i, x += kQkK) {
        uint8_t q[kQkK];
        quantKWithMins(x, 15, b[i].d, b[i].dmin, b[i].scales, q);
        for (int c = 0; c < 4; ++c)
            for (int l = 0; l < 32; ++l)
                b[i].qs[32 * c + l] = uint8_t(q[64 * c + l] | (q[64 * c + 32 + l] << 4));
    }
}

void quantQ5_K(const float* x, BlockQ5_K* b, int64_t nb)
{
    for (int64_t i = 0; i < nb; ++i, x += kQkK) {
        uint8_t q[kQkK];
        quantKWithMins(x, 31, b[i].d, b[i].dmin, b[i].scales, q);
        std::memset(b[i].qh, 0, sizeof b[i].qh);
        for (int c = 0; c < 4; ++c) {
            for (int l = 0; l < 32; ++l) {
                const uint8_t lo = q[64 * c + l], hi = q[64 * c + 32 + l];
                b[i].qs[32 * c + l] = uint8_t((lo & 15) | ((hi & 15) << 4));
                b[i].qh[l] |= uint8_t(((lo >> 4) << (2 * c)) | ((hi >> 4) << (2 * c + 1)));
            }
        }
    }
}

/** Best symmetric scale for 16 values in [-32, 31]: a few trial scales, least squares. */
float fitSymmetricScale(const float* x, int n, int qMin, int qMax)
{
    const float max = signedAbsMax(x, n);
    if (max == 0.0f)
        return 0.0f;
    float best = max / float(qMin), bestErr = INFINITY;
    for (int step = -8; step <= 8; ++step) {
        const float iscale = (float(qMin) + 0.1f * float(step)) / max;
        double sqx = 0, sq2 = 0;
        for (int i = 0; i < n; ++i) {
            const int q = std::clamp(nearestInt(iscale * x[i]), qMin, qMax);
            sqx += double(q) * x[i];
            sq2 += double(q) * q;
        }
        if (sq2 <= 0)
            continue;
        const float scale = float(sqx / sq2);
        double err = 0;
        for (int i = 0; i < n; ++i) {
            const int q = scale != 0 ? std::clamp(nearestInt(x[i] / scale), qMin, qMax) : 0;
            const double diff = double(scale) * q - x[i];
            err += diff * diff;
        }
        if (err < bestErr) {
            bestErr = float(err);
            best = scale;
        }
    }
    return best;
}

void quantQ6_K(const float* x, BlockQ6_K* b, int64_t nb)
{
    for (int64_t i = 0; i < nb; ++i, x += kQkK) {
        float sc[16];
        for (int j = 0; j < 16; ++j)
            sc[j] = fitSymmetricScale(x + 16 * j, 16, -32, 31);
        const float maxScale = signedAbsMax(sc, 16);
        uint8_t q[kQkK];
        if (maxScale == 0.0f) {
            std::memset(b[i].scales, 0, sizeof b[i].scales);
            b[i].d = 0;
            std::fill(q, q + kQkK, uint8_t(32));
        } else {
            const float iscale = -128.0f / maxScale;
            b[i].d = fp32ToFp16(1.0f / iscale);
            const float d = fp16ToFp32(b[i].d);
            for (int j = 0; j < 16; ++j) {
                b[i].scales[j] = int8_t(std::clamp(nearestInt(iscale * sc[j]), -128, 127));
                const float step = d * b[i].scales[j];
                for (int l = 0; l < 16; ++l) {
                    const int v = step != 0 ? std::clamp(nearestInt(x[16 * j + l] / step), -32, 31) : 0;
                    q[16 * j + l] = uint8_t(v + 32);
                }
            }
        }
        for (int n = 0; n < 2; ++n) {
            uint8_t* ql = b[i].ql + 64 * n;
            uint8_t* qh = b[i].qh + 32 * n;
            const uint8_t* src = q + 128 * n;
            for (int l = 0; l < 32; ++l) {
                const uint8_t q1 = src[l], q2 = src[l + 32], q3 = src[l + 64], q4 = src[l + 96];
                ql[l] = uint8_t((q1 & 15) | ((q3 & 15) << 4));
                ql[l + 32] = uint8_t((q2 & 15) | ((q4 & 15) << 4));
                qh[l] = uint8_t((q1 >> 4) | ((q2 >> 4) << 2) | ((q3 >> 4) << 4) | ((q4 >> 4) << 6));
            }
        }
    }
}

} // namespace

void quantizeRowQ8_0(const float* x, void* dst, int64_t n)
{
    auto* b = static_cast<BlockQ8_0*>(dst);
    for (int64_t i = 0; i < n / kQk; ++i, x += kQk) {
        float amax = 0.0f;
        for (int j = 0; j < kQk; ++j)
            amax = std::max(amax, std::fabs(x[j]));
        const float d = amax / 127.0f;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        b[i].d = fp32ToFp16(d);
        for (int j = 0; j < kQk; ++j)
            b[i].qs[j] = int8_t(std::round(x[j] * id));
    }
}

void quantizeRowQ8_1(const float* x, void* dst, int64_t n)
{
    auto* b = static_cast<BlockQ8_1*>(dst);
    for (int64_t i = 0; i < n / kQk; ++i, x += kQk) {
        float amax = 0.0f;
        for (int j = 0; j < kQk; ++j)
            amax = std::max(amax, std::fabs(x[j]));
        const float d = amax / 127.0f;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        int sum = 0;
        for (int j = 0; j < kQk; ++j) {
            b[i].qs[j] = int8_t(std::round(x[j] * id));
            sum += b[i].qs[j];
        }
        b[i].d = fp32ToFp16(d);
        b[i].s = fp32ToFp16(float(sum) * d);
    }
}

void quantizeRowQ8_K(const float* x, void* dst, int64_t n)
{
    auto* b = static_cast<BlockQ8_K*>(dst);
    for (int64_t i = 0; i < n / kQkK; ++i, x += kQkK) {
        const float max = signedAbsMax(x, kQkK);
        if (max == 0.0f) {
            std::memset(&b[i], 0, sizeof b[i]);
            continue;
        }
        // The largest magnitude maps to -127 exactly (as llama.cpp), so |q| <= 127.
        const float iscale = -127.0f / max;
        for (int j = 0; j < kQkK; ++j)
            b[i].qs[j] = int8_t(std::min(127, nearestInt(iscale * x[j])));
        for (int g = 0; g < kQkK / 16; ++g) {
            int sum = 0;
            for (int l = 0; l < 16; ++l)
                sum += b[i].qs[16 * g + l];
            b[i].bsums[g] = int16_t(sum);
        }
        b[i].d = 1.0f / iscale;
    }
}

bool canQuantize(GgmlType type)
{
    switch (type) {
    case GgmlType::F32: case GgmlType::F16: case GgmlType::BF16:
    case GgmlType::Q4_0: case GgmlType::Q4_1: case GgmlType::Q5_0: case GgmlType::Q5_1:
    case GgmlType::Q8_0: case GgmlType::Q8_1: case GgmlType::Q8_K:
    case GgmlType::Q4_K: case GgmlType::Q5_K: case GgmlType::Q6_K:
        return true;
    case GgmlType::Q2_K: case GgmlType::Q3_K:
        return false;
    }
    return false;
}

bool quantizeRow(GgmlType type, const float* src, void* dst, int64_t n)
{
    if (!canQuantize(type) || n < 0 || n % ggmlBlockElements(type) != 0)
        return false;
    const int64_t nb = n / ggmlBlockElements(type);
    switch (type) {
    case GgmlType::F32: std::memcpy(dst, src, size_t(n) * sizeof(float)); return true;
    case GgmlType::F16:
        for (int64_t i = 0; i < n; ++i)
            static_cast<uint16_t*>(dst)[i] = fp32ToFp16(src[i]);
        return true;
    case GgmlType::BF16:
        for (int64_t i = 0; i < n; ++i)
            static_cast<uint16_t*>(dst)[i] = fp32ToBf16(src[i]);
        return true;
    case GgmlType::Q4_0: quantQ4_0(src, static_cast<BlockQ4_0*>(dst), nb); return true;
    case GgmlType::Q4_1: quantQ4_1(src, static_cast<BlockQ4_1*>(dst), nb); return true;
    case GgmlType::Q5_0: quantQ5_0(src, static_cast<BlockQ5_0*>(dst), nb); return true;
    case GgmlType::Q5_1: quantQ5_1(src, static_cast<BlockQ5_1*>(dst), nb); return true;
    case GgmlType::Q8_0: quantizeRowQ8_0(src, dst, n); return true;
    case GgmlType::Q8_1: quantizeRowQ8_1(src, dst, n); return true;
    case GgmlType::Q8_K: quantizeRowQ8_K(src, dst, n); return true;
    case GgmlType::Q4_K: quantQ4_K(src, static_cast<BlockQ4_K*>(dst), nb); return true;
    case GgmlType::Q5_K: quantQ5_K(src, static_cast<BlockQ5_K*>(dst), nb); return true;
    case GgmlType::Q6_K: quantQ6_K(src, static_cast<BlockQ6_K*>(dst), nb); return true;
    case GgmlType::Q2_K: case GgmlType::Q3_K: return false;
    }
    return false;
}

namespace {

struct SchemeName {
    QuantScheme scheme;
    std::string_view name;
};
constexpr SchemeName kSchemes[] = {
    {QuantScheme::F32, "F32"},       {QuantScheme::F16, "F16"},       {QuantScheme::BF16, "BF16"},
    {QuantScheme::Q8_0, "Q8_0"},     {QuantScheme::Q4_0, "Q4_0"},     {QuantScheme::Q4_1, "Q4_1"},
    {QuantScheme::Q5_0, "Q5_0"},     {QuantScheme::Q5_1, "Q5_1"},     {QuantScheme::Q4_K_S, "Q4_K_S"},
    {QuantScheme::Q4_K_M, "Q4_K_M"}, {QuantScheme::Q5_K_M, "Q5_K_M"}, {QuantScheme::Q6_K, "Q6_K"},
};

/** llama-quantize's choice of layers that get more bits: first/last eighth, every third. */
bool useMoreBits(int layer, int layerCount)
{
    return layer < layerCount / 8 || layer >= 7 * layerCount / 8 || (layer - layerCount / 8) % 3 == 2;
}

int layerOf(const std::string& name)
{
    if (name.rfind("blk.", 0) != 0)
        return -1;
    int layer = 0;
    size_t i = 4;
    if (i >= name.size() || !std::isdigit(static_cast<unsigned char>(name[i])))
        return -1;
    for (; i < name.size() && std::isdigit(static_cast<unsigned char>(name[i])); ++i)
        layer = layer * 10 + (name[i] - '0');
    return layer;
}

bool contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

GgmlType fallbackFor(GgmlType type)
{
    switch (type) {
    case GgmlType::Q4_K: return GgmlType::Q5_0;
    case GgmlType::Q5_K: return GgmlType::Q5_1;
    case GgmlType::Q6_K: return GgmlType::Q8_0;
    default: return GgmlType::F16;
    }
}

} // namespace

std::optional<QuantScheme> quantSchemeFromName(std::string_view name)
{
    std::string upper(name);
    for (char& c : upper)
        c = char(std::toupper(static_cast<unsigned char>(c)));
    for (const auto& s : kSchemes)
        if (s.name == upper)
            return s.scheme;
    return std::nullopt;
}

std::string_view quantSchemeName(QuantScheme scheme)
{
    for (const auto& s : kSchemes)
        if (s.scheme == scheme)
            return s.name;
    return "unknown";
}

std::string quantSchemeNames()
{
    std::string out;
    for (const auto& s : kSchemes) {
        if (!out.empty())
            out += ", ";
        out += s.name;
    }
    return out;
}

GgmlType quantTypeForTensor(QuantScheme scheme, const TensorRole& role)
{
    if (role.nDims < 2)
        return GgmlType::F32;
    GgmlType type = GgmlType::F16;
    switch (scheme) {
    case QuantScheme::F32: type = GgmlType::F32; break;
    case QuantScheme::F16: type = GgmlType::F16; break;
    case QuantScheme::BF16: type = GgmlType::BF16; break;
    case QuantScheme::Q8_0: type = GgmlType::Q8_0; break;
    case QuantScheme::Q4_0: type = GgmlType::Q4_0; break;
    case QuantScheme::Q4_1: type = GgmlType::Q4_1; break;
    case QuantScheme::Q5_0: type = GgmlType::Q5_0; break;
    case QuantScheme::Q5_1: type = GgmlType::Q5_1; break;
    case QuantScheme::Q4_K_S: type = GgmlType::Q4_K; break;
    case QuantScheme::Q4_K_M: type = GgmlType::Q4_K; break;
    case QuantScheme::Q5_K_M: type = GgmlType::Q5_K; break;
    case QuantScheme::Q6_K: type = GgmlType::Q6_K; break;
    }
    const bool isOutput = role.name == "output.weight" ||
                          (role.outputTiedToEmbedding && role.name == "token_embd.weight");
    const bool legacy = scheme == QuantScheme::Q4_0 || scheme == QuantScheme::Q4_1 ||
                        scheme == QuantScheme::Q5_0 || scheme == QuantScheme::Q5_1;
    if (isOutput && (legacy || scheme == QuantScheme::Q4_K_S || scheme == QuantScheme::Q4_K_M ||
                     scheme == QuantScheme::Q5_K_M))
        type = GgmlType::Q6_K; // the output matrix is the most sensitive one
    if (scheme == QuantScheme::Q4_K_M || scheme == QuantScheme::Q5_K_M) {
        const int layer = layerOf(role.name);
        if (layer >= 0 && (contains(role.name, "attn_v.weight") || contains(role.name, "ffn_down.weight")) &&
            useMoreBits(layer, std::max(1, role.layerCount)))
            type = GgmlType::Q6_K;
    }
    while (role.rowElements % ggmlBlockElements(type) != 0)
        type = fallbackFor(type);
    return type;
}

} // namespace triad::engine

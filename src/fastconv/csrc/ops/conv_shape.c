/* fc_conv2d_shape_check: the consistency every convolution operator relies on. Any OH/OW is
 * memory-safe: every read of the input is bounds-checked against H and W (zero padding). */
#include "../internal.h"

fc_status fc_conv2d_shape_check(const fc_conv2d_shape *sh)
{
    if (!sh)
        return FC_ERR_INVALID;
    if (sh->N < 0 || sh->C < 1 || sh->H < 1 || sh->W < 1 || sh->K < 1 || sh->R < 1 || sh->S < 1)
        return FC_ERR_INVALID;
    if (sh->OH < 1 || sh->OW < 1 || sh->stride_h < 1 || sh->stride_w < 1 || sh->dil_h < 1 ||
        sh->dil_w < 1 || sh->pad_h < 0 || sh->pad_w < 0 || sh->groups < 1)
        return FC_ERR_INVALID;
    if (sh->C % sh->groups != 0 || sh->K % sh->groups != 0)
        return FC_ERR_INVALID;
    return FC_OK;
}

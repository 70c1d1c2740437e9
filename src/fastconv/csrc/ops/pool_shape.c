/* fc_pool2d_shape_check: what every pooling operator relies on. Any OH/OW is memory-safe: the
 * operators clip every window to the input before a micro-kernel reads it. */
#include "../internal.h"

fc_status fc_pool2d_shape_check(const fc_pool2d_shape *sh)
{
    if (!sh)
        return FC_ERR_INVALID;
    if (sh->N < 0 || sh->C < 1 || sh->H < 1 || sh->W < 1 || sh->R < 1 || sh->S < 1 ||
        sh->OH < 1 || sh->OW < 1)
        return FC_ERR_INVALID;
    if (sh->stride_h < 1 || sh->stride_w < 1 || sh->pad_h < 0 || sh->pad_w < 0 ||
        sh->dil_h < 1 || sh->dil_w < 1)
        return FC_ERR_INVALID;
    return FC_OK;
}

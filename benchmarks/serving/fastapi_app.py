"""The seeds' serving stack, as the baseline of benchmarks/serving/run.sh: FastAPI behind uvicorn, calling
model.predict of the same XGBoost model on each request's features. Debian's python3-fastapi, python3-uvicorn and
python3-xgboost; run with: uvicorn --workers 2 fastapi_app:app (MODEL_JSON names the model file)."""
import os

import numpy as np
import xgboost
from fastapi import FastAPI
from pydantic import BaseModel

model = xgboost.XGBClassifier()
model.load_model(os.environ["MODEL_JSON"])
app = FastAPI()


class Features(BaseModel):
    features: list[float]


@app.post("/predict")
def predict(request: Features):
    label = model.predict(np.asarray([request.features], dtype=np.float32))
    return {"predictions": label.tolist()}
